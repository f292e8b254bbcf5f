#!/usr/bin/env bash
# One command to run the whole test suite on a fresh machine: installs the Debian and Python
# packages the tests need, starts PostgreSQL/RabbitMQ if they are down, lints, checks the format and the types, runs pytest.
# Extra arguments go to pytest (./test.sh -k uploads).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"

scripts/install-system-deps.sh --browser
scripts/start-services.sh

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/pip install -q --upgrade pip >/dev/null
.venv/bin/pip install -q -e '.[test]' >/dev/null

.venv/bin/ruff check .
.venv/bin/ruff format --check .
# Types of gateway/, adapters/ and card_printing/ (settings in pyproject.toml's [tool.mypy]).
.venv/bin/mypy
# pytest exits non-zero on a failure and with code 5 when no test ran: both fail this script.
.venv/bin/pytest "$@"
