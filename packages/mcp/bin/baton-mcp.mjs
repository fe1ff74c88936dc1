#!/usr/bin/env node
// Runs the TypeScript sources directly (the workspace has no build step): register tsx, then start the server.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
