#!/usr/bin/env bash
# Set up kg on a fresh machine: a virtualenv with kg and its dependencies.
#   bash scripts/setup.sh           # kg itself (extraction, build, analysis)
#   bash scripts/setup.sh --test    # also what the tests need (Neo4j, Gephi toolkit, Chromium)
# Safe to rerun: every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      python=$candidate; break
    fi
  done
fi
[ -n "$python" ] || { echo "setup: Python ≥ 3.11 is needed; install it and rerun" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.kg-installed
extras="analysis,distributed"
[ "${1:-}" = "--test" ] && extras="$extras,test"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || ! grep -qx "$extras" "$stamp"; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[$extras]"
  echo "$extras" > "$stamp"
fi

if [ "${1:-}" = "--test" ]; then
  for script in scripts/install_*.sh; do
    [ -e "$script" ] && bash "$script"
  done
fi
echo "setup: kg is ready (.venv/bin/kg)" >&2
