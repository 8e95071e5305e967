#!/usr/bin/env bash
# Runs every test, as CI does (.ci/run calls this): installs headless Chromium and chromedriver for the dashboard's
# browser test when they are missing (scripts/install-browser.sh), and nats-server for engine-nats (scripts/install-nats.sh;
# both need root or sudo), then `mvn -B verify`.
# Extra arguments go to Maven, e.g. ./test.sh -pl samples/dashboard -am
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-browser.sh
scripts/install-nats.sh
exec mvn -B verify "$@"
