#!/usr/bin/env bash
# Set up (first time) and open CWSW Desktop. With no database yet, it opens on fictitious
# demo data; `scripts/run.sh --new` starts your own (encrypted) database instead, asking you to
# choose a passphrase. --db PATH opens a particular file. Other arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh gui
db="$(.venv/bin/python -c 'from cwsw_desktop.paths import resolve_paths; print(resolve_paths().db_path)')"
if [ "${1:-}" = "--new" ]; then
  shift
  exec .venv/bin/cwsw-desktop "$@"
fi
if [ "$#" -eq 0 ] && [ ! -e "$db" ]; then
  echo "No database yet at $db: opening the demo (fictitious data). 'scripts/run.sh --new' starts your own." >&2
  exec .venv/bin/cwsw-desktop --demo
fi
exec .venv/bin/cwsw-desktop "$@"
