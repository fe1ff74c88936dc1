import { z } from 'zod';

/**
 * Which agent of a fleet is calling: sent once per client as the `Baton-Agent` header
 * (`name/version; model=...`, like a User-Agent product token), recorded on the claims it takes.
 */
export const AGENT_HEADER = 'baton-agent';

const part = (what: string) =>
  z
    .string()
    .min(1, `${what} is empty`)
    .max(100, `${what} is longer than 100 characters`)
    .regex(/^[\w.:@+-]+$/, `${what} may use letters, digits and . _ : @ + -`);

export const AgentIdentity = z.strictObject({
  name: part('the name').describe('the agent, e.g. claude-code or ci-fixer'),
  version: part('the version').optional().describe("the agent's own version, e.g. 1.4.2"),
  model: part('the model').optional().describe('the model it runs on, e.g. claude-sonnet-4'),
});
export type AgentIdentity = z.infer<typeof AgentIdentity>;

/** The header value for an identity: `claude-code/1.4.2; model=claude-sonnet-4`. */
export function formatAgentHeader(agent: AgentIdentity): string {
  const id = AgentIdentity.parse(agent);
  return `${id.name}${id.version ? `/${id.version}` : ''}${id.model ? `; model=${id.model}` : ''}`;
}

/**
 * Reads a `Baton-Agent` header. Answers the identity, or the reason it is malformed (the server refuses such a
 * request with BAD_INPUT naming the header rather than recording half of it).
 */
export function parseAgentHeader(value: string): { ok: true; agent: AgentIdentity } | { ok: false; reason: string } {
  const [product = '', ...params] = value.split(';').map((s) => s.trim());
  const slash = product.indexOf('/');
  const raw: Record<string, string> = slash < 0 ? { name: product } : { name: product.slice(0, slash), version: product.slice(slash + 1) };
  for (const param of params) {
    const m = /^(\w+)=(.*)$/.exec(param);
    if (!m || m[1] !== 'model') return { ok: false, reason: `"${param}" is not a known parameter (only model=...)` };
    raw.model = m[2]!;
  }
  const parsed = AgentIdentity.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, agent: parsed.data };
}
