#!/usr/bin/env bash
# Set up (first time), lint, type-check and run the whole test suite headless. Extra arguments
# go to pytest. The linters run first and stop the run on the first finding, so CI fails fast
# with the linter's own message rather than after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test

LINTED=(cwsw_desktop tests scripts benchmarks docs)
fail() {
  printf '\n%s\n' "$1" >&2
  exit 1
}
printf 'ruff check …\n' >&2
.venv/bin/ruff check --quiet "${LINTED[@]}" ||
  fail "ruff check found problems (above). Fix them, or run: .venv/bin/ruff check --fix ${LINTED[*]}"
printf 'ruff format --check …\n' >&2
.venv/bin/ruff format --check --quiet "${LINTED[@]}" ||
  fail "Some files are not formatted (above). Run: .venv/bin/ruff format ${LINTED[*]}"
printf 'mypy (strict, settings in pyproject.toml) …\n' >&2
.venv/bin/python -m mypy cwsw_desktop ||
  fail "mypy found type errors (above). Run: .venv/bin/python -m mypy cwsw_desktop"

export QT_QPA_PLATFORM=offscreen
# mypy has just run: tests/unit/test_typing.py need not run it a second time.
export CWSW_MYPY_DONE=1
exec .venv/bin/python -m pytest "$@"
