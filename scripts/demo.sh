#!/usr/bin/env bash
# The main job: installs everything (npm packages, the pinned Temporal CLI; Chromium and the fonts for PDF papers when
# it can), builds, then starts the embedded Temporal dev server (SQLite, Web UI) with a worker and runs Heluo Town's
# demo. The demo's scripted office registers its people, their assignments and development keys (private halves in
# the git-ignored data/dev-keys/, reused by the next run) in the outcome store's people registry, and signs every
# decision as the person who makes it.
# Extra arguments go to `election demo` (for example --exit, --timer-ms 1000), except:
#   --postgres   record the outcomes in a loopback PostgreSQL (scripts/postgres.sh starts it, installing
#                Debian's postgresql if need be) instead of the SQLite file: the same workflows, the other
#                database; the Temporal server keeps this demo's state in data/temporal-postgres-demo.sqlite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
args=()
postgres=false
for arg in "$@"; do
  if [[ $arg == --postgres ]]; then postgres=true; else args+=("$arg"); fi
done
bash scripts/setup.sh
# Chromium and the Chinese fonts print the papers to PDF at the desk; the demo runs without them (papers as HTML).
bash scripts/install-browser.sh || echo "demo: no Chromium (message above): the desk prints papers as HTML only, not as PDF"
if $postgres; then
  bash scripts/postgres.sh
  server_url=$(sed -n 's/^TEST_DATABASE_URL=//p' data/pg/postgres.env)
  # The password stays in data/pg/postgres.env (mode 0600) and in psql's environment: a command line is visible to
  # every user in ps, and what is printed may end up in a terminal log or CI output.
  without_password=$(sed -E 's#^([a-z]+://[^:/@]*):[^@]*@#\1@#' <<<"$server_url")
  export PGPASSWORD
  PGPASSWORD=$(sed -nE 's#^[a-z]+://[^:/@]*:([^@]*)@.*#\1#p' <<<"$server_url")
  if ! psql "$without_password" -tAc "SELECT 1 FROM pg_database WHERE datname = 'election_demo'" | grep -q 1; then
    psql "$without_password" -qc 'CREATE DATABASE election_demo'
  fi
  unset PGPASSWORD
  export DATABASE_URL="${server_url%/*}/election_demo"
  echo "demo: outcomes go to PostgreSQL at $(sed -E 's#^([a-z]+://[^:/@]*):[^@]*@#\1:***@#' <<<"$DATABASE_URL")"
  echo "demo: read them back with DATABASE_URL=\"\$(sed -n 's|^TEST_DATABASE_URL=\(.*\)/[^/]*\$|\1/election_demo|p' data/pg/postgres.env)\" node dist/client/cli.js notices"
  # The PostgreSQL demo keeps its own Temporal state, so its villages run (and are recorded) anew rather than
  # being found already done in the SQLite demo's server.
  if [[ " ${args[*]-} " != *" --db "* ]]; then args+=(--db data/temporal-postgres-demo.sqlite); fi
fi
exec node dist/client/cli.js demo "${args[@]}"
