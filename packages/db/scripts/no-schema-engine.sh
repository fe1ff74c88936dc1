#!/bin/sh
# Stands in for Prisma 7's native schema engine, which cannot be downloaded here (see generate.mjs). Only
# `prisma generate` runs with the 7.x CLI; migrations run with the 6.19 CLI in packages/migrate.
echo "No native schema engine: run migrations from packages/migrate (Prisma 6.19, WebAssembly schema engine)." >&2
exit 1
