#!/usr/bin/env bash
# Runs every check: lint, type-check, unit, integration and browser tests on the embedded database, then the
# integration tests again on PostgreSQL when TEST_DATABASE_URL is set, then the VS Code extension's
# end-to-end tests in code-server (extension/e2e/run.sh).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [[ ! -x /usr/bin/chromium ]]; then
  echo "Chromium is needed for the browser tests: apt-get install -y chromium" >&2
  exit 1
fi
build_web
"${PNPM[@]}" lint
"${PNPM[@]}" typecheck
node scripts/check-migrations.mjs
mkdir -p .e2e-tmp
pg_url="${TEST_DATABASE_URL:-}"
TEST_DATABASE_URL= npx vitest run --reporter=default --reporter=json --outputFile.json=.e2e-tmp/embedded.json
if [[ -n "$pg_url" ]]; then
  echo "== again on PostgreSQL =="
  # the integration tests (every procedure, concurrency, tenant isolation) run again on PostgreSQL; the browser
  # journeys run on the embedded database only, since on one shared PostgreSQL database they see each other's data
  TEST_DATABASE_URL="$pg_url" npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=.e2e-tmp/postgresql.json
fi
echo "== VS Code extension in a real VS Code (code-server) =="
vscode_status=0
bash extension/e2e/run.sh || vscode_status=$?
node scripts/summarize-tests.mjs .e2e-tmp/embedded.json ${pg_url:+.e2e-tmp/postgresql.json} .e2e-tmp/vscode-exthost.json .e2e-tmp/vscode-ui.json
exit $vscode_status
