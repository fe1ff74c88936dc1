#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step): tsx's ESM loader is registered, then src/main.ts loads.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
