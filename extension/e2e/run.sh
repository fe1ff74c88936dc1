#!/usr/bin/env bash
# End-to-end tests of the Baton extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3, driven by
# Debian's Chromium) against a real Baton backend with the demo seed: the extension-host mocha suite, then the UI
# test. Exits non-zero on any failure. Writes pass/fail counts to $REPORTS/vscode-{exthost,ui}.json.
# The gotchas (code-server's own install root, ripgrep cache, unsafe-perm...) are explained where they are handled.
set -euo pipefail
cd "$(dirname "$0")/.."
EXT=$PWD
ROOT=$(cd .. && pwd)
WORK=${E2E_WORK:-$ROOT/.e2e-tmp/vscode}
REPORTS=${REPORTS:-$ROOT/.e2e-tmp}
CS_DIR=$EXT/.code-server
RG_PKG_VERSION=1.15.11                                         # @vscode/ripgrep pinned by code-server 4.100.3
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz   # the asset its postinstall looks for
now() { date +%s%N; }
ms() { echo $(( ($(now) - $1) / 1000000 )); }
T_ALL=$(now)
# until a suite reports, count it as failed: a run that dies early must not leave an old success behind
mkdir -p "$REPORTS"
for r in vscode-exthost vscode-ui; do echo '{"numPassedTests":0,"numFailedTests":1,"numPendingTests":0}' > "$REPORTS/$r.json"; done
rm -f "$REPORTS/vscode-exthost.json.started"

# --- code-server, in its own npm install root (cached: node_modules stays between runs) --------------------------
if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ]; then
  T=$(now)
  missing=()
  for cmd in rg g++ make python3; do command -v $cmd >/dev/null || missing+=("$cmd"); done
  [ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    # libkrb5-dev: headers for the `kerberos` native module; ripgrep: fed to @vscode/ripgrep (see below)
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libkrb5-dev ripgrep g++ make python3 >/dev/null
  fi
  # @vscode/ripgrep's postinstall downloads from github.com unless its download cache already holds the asset
  RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RG_PKG_VERSION"
  mkdir -p "$RG_CACHE"
  if [ ! -s "$RG_CACHE/$RG_ASSET" ]; then
    tmp=$(mktemp -d); cp "$(command -v rg)" "$tmp/rg"; tar czf "$RG_CACHE/$RG_ASSET" -C "$tmp" rg; rm -rf "$tmp"
  fi
  # unsafe_perm: code-server's postinstall refuses root without it; yes: node-pty's postinstall runs npx node-gyp
  (cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund --loglevel=error)
  echo "[e2e] code-server install: $(ms $T) ms"
fi
CS=$CS_DIR/node_modules/.bin/code-server

# --- a fresh work folder: backend data, code-server profile, a git repository to work in ---------------------------
rm -rf "$WORK"; mkdir -p "$WORK"/{data,user-data/User,extensions,xdg-data,xdg-config}
export XDG_DATA_HOME="$WORK/xdg-data" XDG_CONFIG_HOME="$WORK/xdg-config"
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
API_PORT=$(free_port); CS_PORT=$(free_port)
REPO="$WORK/workspace"
mkdir -p "$REPO/src"
git -C "$REPO" init -q -b main
git -C "$REPO" config user.email dev@baton.dev; git -C "$REPO" config user.name "Dev Eloper"
printf '# Shop\n' > "$REPO/README.md"
cat > "$REPO/src/cart.ts" <<'TS'
export function total(lines: { price: number; qty: number }[]): number {
  // TODO: round to cents before summing
  return lines.reduce((sum, l) => sum + l.price * l.qty, 0);
}
TS
git -C "$REPO" add -A; git -C "$REPO" commit -qm "Initial commit"

PIDS=()
# the backend is run by e2e/backend.sh (the suite restarts it through the same script): these say which one
# (not PORT: code-server would take it for its own)
export E2E_API_PORT=$API_PORT E2E_DATA_DIR="$WORK/data" E2E_PID_FILE="$WORK/backend.pid" E2E_LOG_FILE="$WORK/backend.log"
cleanup() { bash "$EXT/e2e/backend.sh" stop || true; for p in "${PIDS[@]}"; do kill -- -"$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# --- the Baton backend: embedded database, demo seed (it starts while the extension builds) ----------------------
T_BACKEND=$(now)
bash e2e/backend.sh start &
BACKEND_STARTING=$!

# --- build the extension and its .vsix ------------------------------------------------------------------------------
T=$(now)
node scripts/build.mjs --production
BUNDLE_BYTES=$(stat -c %s dist/extension.js)
npx vsce package --no-dependencies --skip-license --no-rewrite-relative-links --allow-missing-repository -o dist/baton.vsix >/dev/null
node scripts/build.mjs   # adds the test bundle (not shipped in the .vsix)
echo "[e2e] build + vsix: $(ms $T) ms (extension.js $BUNDLE_BYTES bytes, vsix $(stat -c %s dist/baton.vsix) bytes)"

# --- wait for the backend, sign the demo people in ----------------------------------------------------------------
API="http://127.0.0.1:$API_PORT"
wait $BACKEND_STARTING || { cat "$WORK/backend.log"; exit 1; }
echo "[e2e] backend ready at $API after $(ms $T_BACKEND) ms"
PREPARED=$(cd "$ROOT" && node --import tsx extension/e2e/prepare.mts "$API")
eval "$PREPARED"
# the extension host inherits code-server's environment: this is how the suite learns the server and the tokens
export BATON_E2E_REPORT="$REPORTS/vscode-exthost.json"
export BATON_E2E_BACKEND="$EXT/e2e/backend.sh"
export BATON_E2E_URL=$API BATON_E2E_WORKSPACE=$REPO BATON_E2E_DEV_TOKEN BATON_E2E_DEV_UI_TOKEN BATON_E2E_DEV_APPROVER_TOKEN BATON_E2E_PM_TOKEN BATON_E2E_ADMIN_TOKEN BATON_E2E_UI_ITEM

# --- code-server with the .vsix installed -------------------------------------------------------------------------
cat > "$WORK/config.yaml" <<YAML
bind-addr: 127.0.0.1:$CS_PORT
auth: none
cert: false
YAML
cat > "$WORK/user-data/User/settings.json" <<JSON
{ "workbench.startupEditor": "none", "workbench.tips.enabled": false, "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false, "update.mode": "none",
  "git.autofetch": false, "git.openRepositoryInParentFolders": "never", "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "baton.serverUrl": "$API" }
JSON
CS_ARGS=(--config "$WORK/config.yaml" --user-data-dir "$WORK/user-data" --extensions-dir "$WORK/extensions")
"$CS" "${CS_ARGS[@]}" --install-extension dist/baton.vsix >/dev/null
T=$(now)
setsid "$CS" "${CS_ARGS[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --ignore-last-opened "$REPO" > "$WORK/code-server.log" 2>&1 &
PIDS+=($!)
export VSCODE_URL="http://127.0.0.1:$CS_PORT" VSCODE_FOLDER=$REPO CHROMIUM=/usr/bin/chromium
until curl -fsS "$VSCODE_URL/healthz" >/dev/null 2>&1; do
  kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$WORK/code-server.log"; exit 1; }
  sleep 0.1
done
echo "[e2e] code-server ready after $(ms $T) ms"

# --- the tests -----------------------------------------------------------------------------------------------------
status=0
T=$(now)
# the suite stops and restarts the backend once: give it more than the runner's default two minutes
TEST_TIMEOUT_MS=${TEST_TIMEOUT_MS:-300000} node e2e/run-exthost-tests.mjs "$EXT" dist/test/suite/index.js "$REPO" || status=1
echo "[e2e] extension-host suite: $(ms $T) ms"
# each suite starts from a clean main
git -C "$REPO" checkout -q -f main && git -C "$REPO" reset -q --hard && git -C "$REPO" clean -qfd
# E2E_SUITES=exthost: the extension-host suite only (BATON_E2E_GREP narrows it further), while working on it
if [[ " ${E2E_SUITES:-exthost ui} " == *" ui "* ]]; then
  T=$(now)
  SHOT_DIR="$REPORTS" node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=./e2e/count-reporter.mjs --test-reporter-destination="$REPORTS/vscode-ui.json" e2e/ui.test.mjs || status=1
  echo "[e2e] UI test: $(ms $T) ms"
fi
echo "[e2e] total: $(ms $T_ALL) ms"
exit $status
