// Run by backend/scripts/build.mjs after bundling, as dist/make-embedded-template.js: see embedded-template.ts.
import { EMBEDDED_TEMPLATE_DIR } from './embedded-template.ts';
import { makeEmbeddedTemplate } from './embedded-template-make.ts';

const started = performance.now();
const { migrations } = await makeEmbeddedTemplate(EMBEDDED_TEMPLATE_DIR);
console.log(`embedded database template: ${EMBEDDED_TEMPLATE_DIR} (${migrations} migrations, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
