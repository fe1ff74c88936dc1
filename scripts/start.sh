#!/usr/bin/env bash
# Starts Baton: installs dependencies, builds the web app and the backend, starts the backend on the embedded database
# (./data) with demo data, and prints the URL and the demo logins. Set DATABASE_URL to use PostgreSQL.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
build_web
build_backend
# the demo organization and its logins; SEED_DEMO=false starts an empty Baton
export SEED_DEMO="${SEED_DEMO:-true}"
exec node backend/dist/main.js
