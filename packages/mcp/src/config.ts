import { z } from 'zod';

/** The server's settings, validated once: where Baton is, who the agent is, which product it works on. */
export const McpConfig = z.object({
  url: z.url('must be a URL such as http://127.0.0.1:3000'),
  token: z.string().trim().min(1, 'is required (an API key bat_... or a session token)'),
  /** a product key (BAT) or id */
  productId: z.string().trim().min(1, 'is required (a product key such as BAT, or its id)'),
});
export type McpConfig = z.infer<typeof McpConfig>;

/** BATON_URL, BATON_TOKEN, BATON_PRODUCT; a readable message naming the variable when one is missing or bad. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): McpConfig {
  const parsed = McpConfig.safeParse({ url: env.BATON_URL, token: env.BATON_TOKEN, productId: env.BATON_PRODUCT });
  if (parsed.success) return parsed.data;
  const names: Record<string, string> = { url: 'BATON_URL', token: 'BATON_TOKEN', productId: 'BATON_PRODUCT' };
  const lines = parsed.error.issues.map((i) => `${names[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`);
  throw new Error(`baton-mcp is not configured:\n  ${lines.join('\n  ')}`);
}
