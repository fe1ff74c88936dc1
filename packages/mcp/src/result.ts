import { BatonError } from '@baton/client';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** Dates become ISO strings: structured content is plain JSON. */
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

/** A successful tool result: markdown for the model, the same facts as structured content for programs. */
export function ok(markdown: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: markdown }], structuredContent: json(structured) as Record<string, unknown> };
}

/** A failure the tool itself detects (missing token, no such checklist entry), in the same shape as Baton's. */
export class ToolFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Any failure as an MCP tool error carrying Baton's code, never a thrown protocol error. */
export function failed(e: unknown): CallToolResult {
  // BatonError.from: the server's code, UNAVAILABLE when it could not be reached, INTERNAL otherwise
  const { code, message, details } = e instanceof ToolFailure ? e : BatonError.from(e);
  const error = { code, message, ...(details && { details }) };
  const shown = details ? `\n\n\`\`\`json\n${JSON.stringify(details, null, 2)}\n\`\`\`` : '';
  return {
    isError: true,
    content: [{ type: 'text', text: `${code}: ${message}${shown}` }],
    structuredContent: { error: json(error) },
  };
}

/** Runs a tool body and turns every failure into a tool error. */
export async function guarded(run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run();
  } catch (e) {
    return failed(e);
  }
}
