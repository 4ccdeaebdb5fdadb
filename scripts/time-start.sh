#!/usr/bin/env bash
# Times `npm start` to its first 200 from /isAlive, several runs, and prints each and the median.
# Usage: scripts/time-start.sh [runs=5] [cold]   (cold: dist/ deleted before each run, so tsc runs)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
mode=${2:-warm}
free_port() { node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})'; }
times=()
for _ in $(seq 1 "$runs"); do
  [ "$mode" = cold ] && rm -rf dist
  [ "$mode" = warm ] && node scripts/build-if-stale.mjs > /dev/null
  data=$(mktemp -d)
  port=$(free_port)
  crm_port=$(free_port)
  start=$(date +%s%N)
  PORT=$port SAMPLE_CRM_PORT=$crm_port DATA_DIR=$data LOG_LEVEL=error setsid npm start > "$data/server.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/isAlive" > /dev/null 2>&1; do
    kill -0 "$pid" 2> /dev/null || { cat "$data/server.log"; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  kill -- "-$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  rm -rf "$data"
  times+=($(((end - start) / 1000000)))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "npm start ($mode) to /isAlive, ms: ${times[*]}; median $(sed -n "$(((runs + 1) / 2))p" <<< "$sorted")"
