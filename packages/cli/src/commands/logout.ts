import { errorOf } from '@baton/client';
import { isTransportError } from '../session.ts';
import { defineCommand } from './command.ts';

export const logout = defineCommand({
  name: 'logout',
  args: [],
  summary: 'Sign out: end the saved session on the server and forget the saved token.',
  options: {},
  async run(s) {
    const token = s.config.token;
    let revoked = false;
    if (token?.source === 'user' && !token.value.startsWith('bat_')) {
      try {
        await s.api.auth.logOut.mutate();
        revoked = true;
      } catch (e) {
        // already ended, or the server is away: forgetting the token locally is what matters
        if (!isTransportError(e) && errorOf(e)?.code !== 'UNAUTHENTICATED') throw e;
      }
    }
    const saved = (await s.readUserConfig()).token !== undefined;
    if (saved) await s.updateUserConfig(({ token: _drop, ...rest }) => rest);
    if (token?.source === 'env') s.out.note('BATON_TOKEN is set in the environment; unset it to sign out there.');
    s.out.result({ forgotten: saved, sessionEnded: revoked }, () =>
      saved ? `Signed out${revoked ? '' : ' (the token was forgotten here)'}.` : 'No saved token.',
    );
  },
});
