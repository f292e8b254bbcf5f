#!/usr/bin/env bash
# One command to run the gateway on a fresh machine with the embedded default:
# SQLite database and broker in ./var, demo data, web service + Celery worker + beat.
# Usage: ./run.sh [--port 8080] [--host 127.0.0.1] [--members 5000]
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"

# Debian packages needed to build pyscard and to run the virtual card reader (skipped when present).
if ! scripts/install-system-deps.sh; then
  echo "Could not install the system packages (run as root or with sudo); see scripts/install-system-deps.sh" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/pip install -q --upgrade pip >/dev/null
.venv/bin/pip install -q -e . >/dev/null

mkdir -p var
# A random secret of this installation, created once and never committed.
if [ -z "${GATEWAY_SECRET_KEY:-}" ]; then
  if [ ! -s var/secret_key ]; then
    (umask 077; .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(48))" > var/secret_key)
  fi
  GATEWAY_SECRET_KEY="$(cat var/secret_key)"
  export GATEWAY_SECRET_KEY
fi

exec .venv/bin/gateway embedded "$@"
