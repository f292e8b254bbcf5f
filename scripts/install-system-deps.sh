#!/usr/bin/env bash
# Installs the Debian packages the gateway and its tests need:
#  - swig + libpcsclite-dev to build pyscard, pcscd + vsmartcard-vpcd for the virtual PC/SC reader,
#  - cups-ipp-utils (ippeveprinter) with dbus/avahi for the IPP printer tests,
#  - libzbar0 to decode barcodes/QR codes in tests, fonts-dejavu-core as the Cyrillic card font,
#  - poppler-utils (pdftoppm) to rasterise generated PDFs back in tests,
#  - chromium + chromium-driver for browser tests (only with --browser).
# Idempotent: only missing packages are installed.
set -euo pipefail
pkgs=(swig libpcsclite-dev pcscd vsmartcard-vpcd cups-ipp-utils dbus avahi-daemon libzbar0 fonts-dejavu-core poppler-utils)
if [ "${1:-}" = "--browser" ]; then pkgs+=(chromium chromium-driver); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
