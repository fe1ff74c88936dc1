# Shared by start.sh and test.sh: find pnpm 10 (global, or through npx on a fresh machine) and install once.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if command -v pnpm >/dev/null 2>&1 && [[ "$(pnpm --version 2>/dev/null)" == 10.* ]]; then
  PNPM=(pnpm)
else
  PNPM=(npx -y pnpm@10)
fi
# install when the lockfile is newer than the last install (or nothing is installed yet)
if [[ ! -f node_modules/.modules.yaml || pnpm-lock.yaml -nt node_modules/.modules.yaml ]]; then
  "${PNPM[@]}" install --frozen-lockfile
fi
# the web app is built into web/build and served by the backend; rebuild when its sources changed
build_web() {
  if [[ ! -f web/build/handler.js ]] || [[ -n "$(find web/src web/svelte.config.js web/vite.config.ts packages/client/src packages/contracts/src -newer web/build/handler.js -print -quit 2>/dev/null)" ]]; then
    "${PNPM[@]}" --filter @baton/web build
  fi
}
# the backend runs from dist/main.js (backend/scripts/build.mjs: no TypeScript transpiler at run time); rebuild when
# its sources, the workspace packages it bundles, the generated Prisma client or the installed packages changed (the
# embedded database's template is made with it: a new PGlite may keep its files differently)
build_backend() {
  if [[ ! -f backend/dist/main.js || ! -d backend/dist/embedded-template ]] || [[ -n "$(find backend/src backend/scripts packages/*/src prisma/schema.prisma prisma/migrations pnpm-lock.yaml -newer backend/dist/main.js -print -quit 2>/dev/null)" ]]; then
    node backend/scripts/build.mjs
  fi
}
