#!/usr/bin/env bash
# Installs headless Chromium and its driver (Debian packages chromium, chromium-driver) for the dashboard's browser
# test, unless both are already there. Needs root or sudo (apt-get). Used by ./test.sh and CI.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "Installing chromium and chromium-driver (apt-get)..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
chromium --version
chromedriver --version
