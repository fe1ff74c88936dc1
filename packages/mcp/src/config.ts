// the type from the client, whose published declarations carry it (contracts is not published)
import type { AgentIdentity } from '@baton/client';
import { parseAgentHeader } from '@baton/contracts';
import { z } from 'zod';

/** `BATON_AGENT`, in the Baton-Agent header's form (`name/version; model=...`); unset: no identity sent. */
const AgentSetting = z
  .string()
  .trim()
  .transform((v, c): AgentIdentity | undefined => {
    if (!v) return undefined;
    const read = parseAgentHeader(v);
    if (read.ok) return read.agent;
    c.addIssue({ code: 'custom', message: `${read.reason} (expected name/version; model=...)` });
    return z.NEVER;
  });

/** The server's settings, validated once: where Baton is, who the agent is, which product it works on. */
export const McpConfig = z.object({
  url: z.url('must be a URL such as http://127.0.0.1:3000'),
  token: z.string().trim().min(1, 'is required (an API key bat_... or a session token)'),
  /** a product key (BAT) or id */
  productId: z.string().trim().min(1, 'is required (a product key such as BAT, or its id)'),
  /** which agent this is, recorded on the claims it takes (claude-code/1.4.2; model=claude-sonnet-4) */
  agent: AgentSetting.optional(),
});
export type McpConfig = z.infer<typeof McpConfig>;

/** BATON_URL, BATON_TOKEN, BATON_PRODUCT, BATON_AGENT (optional); a readable message naming the variable when one is missing or bad. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): McpConfig {
  const parsed = McpConfig.safeParse({ url: env.BATON_URL, token: env.BATON_TOKEN, productId: env.BATON_PRODUCT, agent: env.BATON_AGENT });
  if (parsed.success) return parsed.data;
  const names: Record<string, string> = { url: 'BATON_URL', token: 'BATON_TOKEN', productId: 'BATON_PRODUCT', agent: 'BATON_AGENT' };
  const lines = parsed.error.issues.map((i) => `${names[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`);
  throw new Error(`baton-mcp is not configured:\n  ${lines.join('\n  ')}`);
}
