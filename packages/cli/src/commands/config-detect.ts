import { CliFailure } from '../cli-error.ts';
import { PROJECT_CONFIG, ProjectConfig, readConfig, writeProjectConfig } from '../config/config-files.ts';
import { parseRemote } from '../git/parse-remote.ts';
import { suggestProducts } from '../git/suggest-products.ts';
import { renderTable } from '../output/table.ts';
import { join } from 'node:path';
import { defineCommand } from './command.ts';

export const configDetect = defineCommand({
  name: 'config detect',
  args: [],
  summary: "Suggest this repository's product from `git remote get-url origin` and the products you can see.",
  options: {
    write: { type: 'boolean', help: `save the best match to ${PROJECT_CONFIG} at the git root` },
    remote: { type: 'string', value: 'NAME', help: 'the git remote to read (default: origin)' },
  },
  async run(s, _args, values) {
    const name = typeof values.remote === 'string' ? values.remote : 'origin';
    const url = await s.io.git(['remote', 'get-url', name]);
    if (!url) throw new CliFailure('NOT_FOUND', `no git remote "${name}" here (${s.io.cwd})`);
    const remote = parseRemote(url);
    if (!remote) throw new CliFailure('BAD_INPUT', `cannot read the remote "${name}" as a GitHub, GitLab or Gitea repository`);
    const products = (await s.products()).filter((p) => !p.archivedAt);
    const suggestions = suggestProducts(remote, products);
    const best = suggestions[0] ?? null;

    let written: string | null = null;
    if (values.write) {
      if (!best)
        throw new CliFailure('NOT_FOUND', `no product matches ${remote.owner}/${remote.repo}; set it by hand: BATON_PRODUCT or --product`);
      if (!s.gitRoot) throw new CliFailure('NOT_FOUND', 'not inside a git repository');
      const existing = (await readConfig(join(s.gitRoot, PROJECT_CONFIG), ProjectConfig)) ?? {};
      written = await writeProjectConfig(s.gitRoot, { ...existing, product: best.product.key });
    }

    const result = {
      remote,
      suggestions: suggestions.map((x) => ({
        id: x.product.id,
        key: x.product.key,
        name: x.product.name,
        score: x.score,
        reason: x.reason,
      })),
      product: best ? best.product.key : null,
      written,
    };
    s.out.result(result, () => {
      const lines = [`Repository: ${remote.host}/${remote.owner}/${remote.repo} (${remote.forge})`, ''];
      if (!best) lines.push(`No product matches. Products you can see: ${products.map((p) => p.key).join(', ') || 'none'}.`);
      else {
        lines.push(
          renderTable(
            [
              { header: 'Key', value: (x) => x.key },
              { header: 'Name', value: (x) => x.name },
              { header: 'Why', value: (x) => x.reason, flex: true },
            ],
            result.suggestions,
            { paint: s.out.paint, maxWidth: s.out.maxWidth },
          ),
        );
        lines.push(
          written
            ? `Saved product ${best.product.key} to ${written}.`
            : `Suggested: ${best.product.key}. Save it with \`baton config detect --write\`, or set BATON_PRODUCT=${best.product.key}.`,
        );
      }
      return lines.join('\n');
    });
  },
});
