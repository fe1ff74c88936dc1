import { defineCommand } from './command.ts';

export const whoami = defineCommand({
  name: 'whoami',
  args: [],
  summary: 'Who the token belongs to, the server, and the products it can see.',
  options: {},
  async run(s) {
    const [session, all] = await Promise.all([s.api.auth.session.query(), s.products()]);
    const products = all.filter((p) => !p.archivedAt);
    // the configured product, if it is one this token sees (or the only one); whoami reports rather than fails
    const current = await s.product().catch(() => undefined);
    const result = {
      url: s.url,
      kind: session ? ('user' as const) : ('apiKey' as const),
      user: session ? { id: session.userId, name: session.name, email: session.email } : null,
      tokenFrom: s.config.token!.source,
      product: current ? { id: current.id, key: current.key, name: current.name } : null,
      products: products.map((p) => ({ id: p.id, key: p.key, name: p.name })),
    };
    s.out.result(result, () =>
      [
        session ? `${session.name} <${session.email}>` : 'An API key',
        `Server:   ${s.url} (token from ${result.tokenFrom === 'env' ? 'BATON_TOKEN' : 'the user config'})`,
        `Product:  ${current ? `${current.key} (${current.name})` : '-'}`,
        `Products: ${products.map((p) => p.key).join(', ') || '-'}`,
      ].join('\n'),
    );
  },
});
