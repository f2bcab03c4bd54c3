#!/usr/bin/env bash
# Set up everything the tests need, then run the whole test suite.
# This is the README's second quick-start command and what CI runs (.ci/run).
# Extra arguments go to pytest (e.g. bash scripts/test.sh -k neo4j).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test || exit 1
.venv/bin/python -m pytest "$@"
status=$?
# pytest exits 5 when it collected no tests: that is a failure of the setup, not a pass.
if [ "$status" -eq 5 ]; then
  echo "test: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
