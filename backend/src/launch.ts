// dist/main.js (backend/scripts/build.mjs builds it from this file): on the embedded database, starts opening the
// data directory before anything else loads, then loads and runs the server (main.ts). The two overlap on two
// threads; a server from source (tsx, the tests) starts through main.ts or startServer and opens it in turn.
import { DEFAULT_DATA_DIR, openDataDirEarly } from './embedded-start.ts';

if (!process.env.DATABASE_URL) openDataDirEarly(process.env.DATA_DIR ?? DEFAULT_DATA_DIR);
await import('./main.ts');
