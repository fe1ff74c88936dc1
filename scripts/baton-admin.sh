#!/usr/bin/env bash
# The operator's commands (backup, restore, migrate-to-postgres): builds the backend when its sources changed and
# runs backend/dist/admin.js with this environment (DATABASE_URL, DATA_DIR as the server gets them). RUNBOOK.md.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
build_backend
exec node backend/dist/admin.js "$@"
