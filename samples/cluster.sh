#!/usr/bin/env bash
# The market feed in one process and the dashboard in another, bridged over a nats-server this script starts on a
# random loopback port (installed by scripts/install-nats.sh when missing). Open the URL it prints; Ctrl-C stops all
# three (by pid). By hand, the same three steps are in docs/samples.md ("Two processes over NATS").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-nats.sh
mvn -q -B package -DskipTests -Dspotless.check.skip=true -pl samples/dashboard -am
jar=samples/dashboard/target/dashboard.jar
dir="$(mktemp -d)"
server="$(command -v nats-server || echo /usr/sbin/nats-server)"
printf 'listen: 127.0.0.1:-1\nports_file_dir: "%s"\n' "$dir" > "$dir/nats.conf"
"$server" -c "$dir/nats.conf" > "$dir/nats.log" 2>&1 &
nats_pid=$!
feed_pid=""
dash_pid=""
cleanup() {
    [ -n "$dash_pid" ] && kill "$dash_pid" 2>/dev/null || true
    [ -n "$feed_pid" ] && kill "$feed_pid" 2>/dev/null || true
    kill "$nats_pid" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
for _ in $(seq 100); do
    [ -f "$dir/nats-server_$nats_pid.ports" ] && break
    sleep 0.05
done
port="$(grep -o 'nats://[^"]*' "$dir/nats-server_$nats_pid.ports" | head -1 | sed 's/.*://')"
url="nats://127.0.0.1:$port"
echo "nats-server (pid $nats_pid) on $url"
# 1. the feed: no web server, publishes the simulated market and exports it
java -jar "$jar" --spring.main.web-application-type=none --dashboard.nats.url="$url" \
    --dashboard.nats.export='Market.**' > "$dir/feed.log" 2>&1 &
feed_pid=$!
echo "feed (pid $feed_pid) exporting Market.** to $url"
# 2. the dashboard: its own feed off, importing what the feed exports
java -jar "$jar" --dashboard.feed.enabled=false --dashboard.nats.url="$url" --dashboard.nats.import='Market.**' "$@" &
dash_pid=$!
wait "$dash_pid"
