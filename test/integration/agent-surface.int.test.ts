import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { appRouter } from '@baton/api';
import { createAgentClient } from '@baton/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../backend/src/rest/openapi.ts';
import { COMMANDS } from '../../packages/cli/src/commands/index.ts';
import { createBatonMcpServer } from '../../packages/mcp/src/server.ts';

// The agent surface is the same in every form: docs/agent-surface.md maps each capability to its client helper, CLI
// command, MCP tool, REST route and procedure, and this test holds the table against the real objects (no hand
// copy): a form missing for a capability, or a tool, route or helper the table does not name, fails it.

const DOC = join(import.meta.dirname, '../../docs/agent-surface.md');
const cell = (c: string) => c.trim().replace(/^`|`$/g, '');

/** The rows of the markdown table that follows `heading` (or the first table when null). */
function tableAfter(markdown: string, heading: string | null): string[][] {
  const from = heading ? markdown.indexOf(heading) : 0;
  const lines = markdown.slice(from).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split('|').map(cell));
  }
  return rows;
}

type Tool = { name: string; description?: string; inputSchema: { properties?: Record<string, { description?: string }> } };
let tools: Tool[];
const agent = createAgentClient({ url: 'http://127.0.0.1:9', token: 'bat_unused', productId: 'surface' });
const doc = openApiDocument('http://127.0.0.1:9');
const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods) as { operationId: string; description: string }[]);
const procedures = Object.keys(appRouter._def.procedures);
const helpers = [
  ...Object.entries(agent.items).flatMap(([k, v]) => (typeof v === 'function' ? [`items.${k}`] : [])),
  ...Object.keys(agent.events).map((k) => `events.${k}`),
];

beforeAll(async () => {
  const server = createBatonMcpServer({ agent });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'surface-test', version: '1.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  tools = (await client.listTools()).tools as Tool[];
  await client.close();
});

describe('the agent surface', () => {
  it('has every capability of the docs table in all four forms, each calling the procedure it names', async () => {
    const rows = tableAfter(await readFile(DOC, 'utf8'), '| capability | client helper');
    expect(rows.length).toBeGreaterThan(15);
    const missing: string[] = [];
    for (const [capability, helper, command, tool, route, procedure] of rows) {
      if (!helpers.includes(helper!)) missing.push(`${capability}: client helper ${helper}`);
      if (!COMMANDS.some((c) => c.name === command)) missing.push(`${capability}: CLI command ${command}`);
      if (!tools.some((t) => t.name === tool)) missing.push(`${capability}: MCP tool ${tool}`);
      const op = operations.find((o) => o.operationId === route);
      if (!op) missing.push(`${capability}: REST route ${route}`);
      else if (!op.description.includes(`\`${procedure}\``)) missing.push(`${capability}: REST route ${route} does not call ${procedure}`);
      if (!procedures.includes(procedure!)) missing.push(`${capability}: procedure ${procedure}`);
    }
    expect(missing).toEqual([]);
  });

  it('names every MCP tool, REST route and client helper in the table, or in its list of gaps', async () => {
    const markdown = await readFile(DOC, 'utf8');
    const rows = tableAfter(markdown, '| capability | client helper');
    const gaps = markdown.slice(markdown.indexOf('## Not yet in every form'));
    const inTable = (column: number) => new Set(rows.map((r) => r[column]));
    expect(tools.map((t) => t.name).filter((t) => !inTable(3).has(t))).toEqual([]);
    expect(operations.map((o) => o.operationId).filter((o) => !inTable(4).has(o) && !gaps.includes(`REST \`${o}\``))).toEqual([]);
    expect(helpers.filter((h) => !inTable(1).has(h) && !gaps.includes(`\`${h}\``))).toEqual([]);
  });

  it('describes every MCP tool parameter, and explains the query language with examples in the search tool', () => {
    const undescribed = tools.flatMap((t) =>
      Object.entries(t.inputSchema.properties ?? {})
        .filter(([, p]) => !p.description?.trim())
        .map(([name]) => `${t.name}.${name}`),
    );
    expect(undescribed).toEqual([]);
    const search = tools.find((t) => t.name === 'search')!;
    expect(search.description).toMatch(/Query language/);
    expect(search.description).toContain('is:open label:api "login page"');
  });

  it('passes a maintained OpenAPI validator, and describes 409, 412, 422 and 429 with Retry-After', async () => {
    await SwaggerParser.validate(structuredClone(doc) as never);
    const claim = doc.paths['/api/agent/items/{ref}/claim']!.patch as { responses: Record<string, { $ref: string }> };
    for (const status of ['409', '412', '422', '429']) expect(claim.responses[status], status).toBeDefined();
    const responses = doc.components.responses as Record<string, { description: string; headers?: Record<string, unknown> }>;
    expect(responses.Status429!.headers).toHaveProperty('Retry-After');
    expect(responses.Status409!.description).toContain('IN_PROGRESS');
    expect(responses.Status409!.headers).toHaveProperty('Retry-After');
  });
});
