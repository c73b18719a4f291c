#!/usr/bin/env bash
# Start-up time to the first decision and steady-state RSS of a station on the synthetic demo scene.
#   distribution/footprint.sh LABEL SECONDS -- COMMAND...   (COMMAND gets: run --config CONFIG)
#   SOURCE=synthetic (default synthetic-live: 25 fps, endless; synthetic renders 50 parcels as fast as it can)
# Needs mosquitto on 127.0.0.1:1883. Prints one line: ms to the first decision, RSS SECONDS after it (or when the
# scene ends first), peak RSS, decisions.
set -euo pipefail
label=$1; secs=$2; shift 3
work=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
root="$(cd "$(dirname "$0")/.." && pwd)"
cat > "$work/station.yaml" <<YAML
site: bench
device: footprint-$port
station: dock-1
profile: auto
camera: {id: cam-1, source: ${SOURCE:-synthetic-live}, mode: presentation}
bundle: $root/bundles/demo
data_dir: $work/data
http: {host: 127.0.0.1, port: $port}
sync: {enabled: true, broker: "tcp://127.0.0.1:1883", receipts: false}
YAML
start=$(date +%s%N)
"$@" run --config "$work/station.yaml" > "$work/out.log" 2>&1 &
pid=$!   # the launchers exec java, so this is the JVM
first=""; rss=0; peak=0; n=0; until_ns=0
status() { curl -s "http://127.0.0.1:$port/api/status" | python3 -c 'import sys,json;print(json.load(sys.stdin)["decisions"])' 2>/dev/null || echo 0; }
while kill -0 $pid 2>/dev/null; do
  now=$(date +%s%N)
  d=$(status)
  if [ "${d:-0}" -gt 0 ]; then
    n=$d
    [ -z "$first" ] && { first=$(( (now - start) / 1000000 )); until_ns=$(( now + secs * 1000000000 )); }
  fi
  # keep the last reading taken while the JVM was still there
  read -r r h < <(awk '/VmRSS/ {r=int($2/1024)} /VmHWM/ {h=int($2/1024)} END {print r+0, h+0}' /proc/$pid/status 2>/dev/null || echo "0 0")
  [ "$r" -gt 0 ] && { rss=$r; peak=$h; }
  [ -n "$first" ] && [ "$now" -ge "$until_ns" ] && break
  sleep 0.05
done
ended="after ${secs} s"; kill -0 $pid 2>/dev/null || ended="at the end of the scene"
kill -TERM $pid 2>/dev/null || true; wait $pid || true
[ -n "$first" ] || { echo "$label: no decision"; tail -5 "$work/out.log"; exit 1; }
echo "$label: first decision after ${first} ms; RSS ${ended}: ${rss} MB (peak ${peak} MB); decisions: ${n}"
rm -rf "$work"
