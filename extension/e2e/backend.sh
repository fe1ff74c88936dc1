#!/usr/bin/env bash
# Starts or stops the Baton backend of an e2e run: `backend.sh start|stop`. run.sh starts it; the extension-host
# suite stops it and starts it again on the same port and database, to check that work survives a server restart.
# Reads E2E_API_PORT, E2E_DATA_DIR (the embedded database), E2E_PID_FILE and E2E_LOG_FILE from the environment.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${E2E_API_PORT:?} DATA_DIR=${E2E_DATA_DIR:?} PID_FILE=${E2E_PID_FILE:?}
LOG=${E2E_LOG_FILE:-/dev/null}
case "${1:-}" in
  start)
    # setsid: its own process group, so stop ends node and the embedded database's processes together
    (cd "$ROOT" && PORT=$PORT DATA_DIR=$DATA_DIR SEED_DEMO=true LOG_LEVEL=warn CLAIM_SWEEP_SECONDS=5 \
      exec setsid node --import tsx backend/src/main.ts >> "$LOG" 2>&1) &
    echo $! > "$PID_FILE"
    # wait for it to answer (up to 60 s), or report why it died
    for _ in $(seq 300); do
      curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && exit 0
      kill -0 "$(cat "$PID_FILE")" 2>/dev/null || { tail -50 "$LOG"; exit 1; }
      sleep 0.2
    done
    echo "the backend did not answer on port $PORT" >&2; exit 1 ;;
  stop)
    pid=$(cat "$PID_FILE" 2>/dev/null || true)
    [ -n "$pid" ] || exit 0
    # SIGTERM: the server closes its connections and stops the embedded database cleanly (same data next start)
    kill -TERM -- -"$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 -- -"$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- -"$pid" 2>/dev/null || true
    rm -f "$PID_FILE" ;;
  *) echo "usage: backend.sh start|stop" >&2; exit 2 ;;
esac
