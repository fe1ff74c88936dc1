export { configFromEnv, McpConfig } from './config.ts';
export { LeaseBook, type HeldLease } from './leases.ts';
export { runMcpServer, type RunMcpServerOptions } from './run.ts';
export { createBatonMcpServer, TOOL_NAMES } from './server.ts';
