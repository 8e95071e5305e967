#!/usr/bin/env bash
# Installs nats-server (Debian package nats-server, binary /usr/sbin/nats-server) for engine-nats' tests, unless it
# is already on the PATH or in /usr/sbin. Needs root or sudo (apt-get). Used by ./test.sh and CI. Nothing is started
# here: every test starts its own server on a random loopback port and stops it by pid.
set -euo pipefail
if command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "Installing nats-server (apt-get)..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nats-server >/dev/null
if command -v nats-server >/dev/null 2>&1; then nats-server --version; else /usr/sbin/nats-server --version; fi
