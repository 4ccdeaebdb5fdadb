#!/usr/bin/env bash
# Starts the server as `npm start` does (fresh data folder, embedded SQLite, in-process sample CRM
# on free ports) and checks that it answers: /isAlive, the manifest, and an API-key login.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
port=$(node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
crm_port=$(node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
PORT=$port SAMPLE_CRM_PORT=$crm_port DATA_DIR=$data setsid npm start > "$data/server.log" 2>&1 &
pid=$!
cleanup() { kill -- "-$pid" 2>/dev/null || true; sleep 0.5; rm -rf "$data"; }
trap cleanup EXIT
trap 'echo "smoke test failed at line $LINENO; server output:"; tail -40 "$data/server.log"' ERR
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$port/isAlive" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$port/isAlive" | grep -qx OK || { cat "$data/server.log"; exit 1; }
curl -fs "http://127.0.0.1:$port/crmManifest" | grep -q '"sample-crm"'
curl -fs "http://127.0.0.1:$port/health" | grep -q '"status":"ok"'
curl -fs "http://127.0.0.1:$port/metrics" | grep -q '^crm_bridge_http_request_duration_seconds_count{method="GET",route="/crmManifest"'
curl -fs "http://127.0.0.1:$port/docs-json" | grep -q '"/contact"'
curl -fs -X POST "http://127.0.0.1:$port/apiKeyLogin" -H 'content-type: application/json' \
  -d '{"platform":"sample-crm-apikey","apiKey":"sample-key-alice"}' | grep -q '"name":"Alice Example"'
curl -fs -o /dev/null -w '%{http_code}' \
  "http://127.0.0.1:$port/oauth-start/sample-crm?response_type=code&client_id=crm-bridge&state=platform=sample-crm&redirect_uri=https%3A%2F%2Fringcentral.github.io%2Fringcentral-embeddable%2Fredirect.html" \
  | grep -qx 302
test -f "$data/crm-bridge.sqlite"
# A broken declarative provider file stops start-up with one line per mistake and no stack trace.
echo '{"platform": "Bad Name", "auth": {"type": "apiKey", "in": "cookie", "name": "k"}}' > "$data/bad.json"
status=0
refusal=$(DECLARATIVE_PROVIDERS="$data/bad.json" DATA_DIR="$data/refused" node dist/src/main.js 2>&1) || status=$?
test "$status" -eq 1
grep -q "^crm-bridge cannot start: Invalid declarative provider $data/bad.json (5 mistakes):" <<<"$refusal"
grep -q '^  - auth.in: must be one of "header", "query"$' <<<"$refusal"
if grep -q '^    at ' <<<"$refusal"; then echo "start-up refusal printed a stack: $refusal"; exit 1; fi
echo "smoke test passed: npm start serves /isAlive, /health, /metrics, /docs-json, the manifest, an API-key login and the OAuth start on port $port, and refuses a broken declarative provider file"
