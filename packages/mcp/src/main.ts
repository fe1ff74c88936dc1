#!/usr/bin/env node
import { configFromEnv } from './config.ts';
import { runMcpServer } from './run.ts';

/** The `baton-mcp` command: configuration from BATON_URL, BATON_TOKEN and BATON_PRODUCT. */
try {
  await runMcpServer(configFromEnv());
} catch (e) {
  // stdout belongs to the protocol; problems go to stderr
  process.stderr.write(`baton-mcp: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
