#!/usr/bin/env bash
# Makes sure the services the test suite talks to are up: PostgreSQL (127.0.0.1:5432) and
# RabbitMQ (127.0.0.1:5672). On the CI machine they already run; this starts them if they stopped.
set -euo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 1; done
  echo "service on port $1 did not come up" >&2; return 1
}

if ! port_open 5432; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  wait_port 5432
fi
if ! port_open 5672; then
  echo "starting RabbitMQ"
  rabbitmq-server -detached
  wait_port 5672
fi
# The test database (trust auth on localhost).
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" postgres | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres test

# D-Bus + Avahi for the IPP printer tests.
"$(dirname "$0")/start-dns-sd.sh"

# vsmartcard-vpcd listens on the fixed ports 35963/35964, which sit inside Linux's ephemeral range:
# an outgoing connection of the suite (PostgreSQL, RabbitMQ) once took 35964 as its source port and
# pcscd came up without the virtual readers. Reserve them (best effort: a container may refuse).
if [ "$(id -u)" -eq 0 ]; then
  sysctl -q -w net.ipv4.ip_local_reserved_ports=35963-35964 2>/dev/null \
    || echo "could not reserve the vpcd ports 35963-35964 (continuing)" >&2
fi
