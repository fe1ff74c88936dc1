import { join } from 'node:path';
import { CliFailure, UsageError } from '../cli-error.ts';
import { PROJECT_CONFIG } from '../config/config-files.ts';
import { sameServer } from '../config/resolve-config.ts';
import { defineCommand } from './command.ts';

/**
 * `baton trust`: the user confirms, once, the server a repository's committed .baton/config.json names. Until then
 * BATON_TOKEN is sent only to a server named by --url or BATON_URL, so cloning a repository whose config points
 * elsewhere cannot make the CLI hand the token to that server.
 */
export const trust = defineCommand({
  name: 'trust',
  args: ['[URL]'],
  summary: `Confirm the server in this repository's ${PROJECT_CONFIG}: BATON_TOKEN is then sent to it (pass its URL to check it is the one you expect).`,
  options: {},
  async run(s, args) {
    if (!s.gitRoot) throw new CliFailure('NOT_FOUND', `not in a git repository: there is no ${PROJECT_CONFIG} to trust`);
    const url = s.config.url;
    if (!url || url.source !== 'project') {
      throw new CliFailure(
        'NOT_FOUND',
        url
          ? `the server comes from ${url.source === 'env' ? 'BATON_URL' : url.source === 'flag' ? '--url' : 'the user config'}, not from ${PROJECT_CONFIG}: nothing to trust`
          : `${join(s.gitRoot, PROJECT_CONFIG)} names no server`,
      );
    }
    const expected = args[0];
    if (expected !== undefined && !sameServer(expected, url.value)) {
      throw new UsageError(`${PROJECT_CONFIG} names ${url.value}, not ${expected}: nothing was trusted`, 'trust');
    }
    const origin = new URL(url.value).origin;
    await s.updateUserConfig((c) => ({ ...c, trusted: [...new Set([...(c.trusted ?? []), origin])] }));
    s.out.result({ trusted: origin, from: join(s.gitRoot, PROJECT_CONFIG) }, () => `Trusted ${origin}: BATON_TOKEN is sent to it from now on.`);
  },
});
