#!/usr/bin/env bash
# Start-up time to the first decision and steady-state RSS of a station on the synthetic demo scene.
#   distribution/footprint.sh LABEL SECONDS -- COMMAND...   (COMMAND gets: run --config CONFIG)
# Needs mosquitto on 127.0.0.1:1883. Prints one line: label, ms to the first decision, RSS after SECONDS, decisions.
set -euo pipefail
label=$1; secs=$2; shift 3
work=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
root="$(cd "$(dirname "$0")/.." && pwd)"
cat > "$work/station.yaml" <<YAML
site: bench
device: footprint-$port
station: dock-1
profile: auto
camera: {id: cam-1, source: synthetic, mode: presentation, frames: 100000000}
bundle: $root/bundles/demo
data_dir: $work/data
http: {host: 127.0.0.1, port: $port}
sync: {enabled: true, broker: "tcp://127.0.0.1:1883", receipts: false}
YAML
start=$(date +%s%N)
"$@" run --config "$work/station.yaml" > "$work/out.log" 2>&1 &
pid=$!
first=""
while [ -z "$first" ]; do
  kill -0 $pid 2>/dev/null || { echo "$label: station exited"; cat "$work/out.log"; exit 1; }
  n=$(curl -s "http://127.0.0.1:$port/api/status" | python3 -c 'import sys,json;print(json.load(sys.stdin)["decisions"])' 2>/dev/null || echo 0)
  [ "${n:-0}" -gt 0 ] && first=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 0.05
done
sleep "$secs"
# the JVM is the child of the launcher script where there is one
jvm=$(pgrep -P $pid java || echo $pid)
kill -0 $jvm 2>/dev/null || { echo "$label: station exited early"; tail -5 "$work/out.log"; exit 1; }
rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$jvm/status)
n=$(curl -s "http://127.0.0.1:$port/api/status" | python3 -c 'import sys,json;print(json.load(sys.stdin)["decisions"])')
kill -TERM $pid; wait $pid || true
echo "$label: first decision after ${first} ms, RSS after ${secs} s: ${rss} MB, decisions: $n"
rm -rf "$work"
