#!/usr/bin/env bash
set -euo pipefail
# D-Bus system bus + Avahi: ippeveprinter (the IPP printer of the printer tests) will not start
# without DNS-SD. A machine that was stopped keeps /run/dbus/system_bus_socket and its pid file
# while no daemon runs, so "the socket exists" is no proof: ask the bus itself.
if ! dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetId >/dev/null 2>&1; then
  echo "starting the D-Bus system bus"
  rm -f /run/dbus/system_bus_socket /run/dbus/pid
  mkdir -p /run/dbus
  dbus-daemon --system --fork
fi
if ! avahi-daemon --check 2>/dev/null; then
  echo "starting Avahi"
  rm -f /run/avahi-daemon/pid
  avahi-daemon -D --no-drop-root
fi
for _ in $(seq 1 50); do avahi-daemon --check 2>/dev/null && exit 0; sleep 0.1; done
echo "Avahi did not come up" >&2
exit 1
