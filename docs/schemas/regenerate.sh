#!/usr/bin/env bash
# Regenerates docs/schemas/*.schema.json from real outputs of BEARING (a built `bearing`):
# the workbench on a small saas-agency (two seeds, as the schema test runs it), a shard and a
# retention fit. Review the diff: a schema change is a contract change.
set -euo pipefail
cd "$(dirname "$0")/../.."
BEARING=${1:?usage: regenerate.sh BEARING_BINARY}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sed -e 's/customers: 6000/customers: 160/; s/customers: 3000/customers: 100/; s/customers: 1000/customers: 60/; s/^  count: 10$/  count: 6/' \
  Scenarios/saas-agency.yaml > "$tmp/small.yaml"
outs=()
# Seed 3 takes the default quota (the trailing observed rate), seed 5 a quota file's targets.
for seed in 3 5; do
  quota=(); [ $seed = 5 ] && quota=(--quota Scenarios/examples/quota.yaml)
  "$BEARING" workbench "$tmp/small.yaml" --out "$tmp/wb$seed" --seed $seed --trials 3 --stress-trials 2 --forecast-trials 30 --quiet "${quota[@]}" \
    --plan Scenarios/plans/nrr-weighted-80-20.yaml --plan Scenarios/plans/vector-forecast-70-30.yaml > /dev/null
  outs+=("$tmp/wb$seed")
done
"$BEARING" simulate "$tmp/small.yaml" --seed 1 --trials 2 --shard 1/2 --out "$tmp/shard" --quiet
"$BEARING" retention Scenarios/retention-example.csv --out "$tmp/retention.json" > /dev/null
python3 docs/schemas/make_schemas.py "$tmp/shard" "$tmp/retention.json" "${outs[@]}"

# serve's answers: a server on a free loopback port over the first run's history.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BEARING" serve "$tmp/wb3/simulate/history.csv" --port "$port" --quiet > /dev/null 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/state" > "$tmp/state.json" && break; sleep 0.2; done
python3 -c "import json, sys; s = json.load(open(sys.argv[1])); w = s['calibrated']; w['schema_version'] = s['schema_version']; print(json.dumps(w))" \
  "$tmp/state.json" > "$tmp/weights.json"
curl -sf -X POST --data-binary @"$tmp/weights.json" "http://127.0.0.1:$port/api/evaluate" > "$tmp/evaluation.json"
kill -INT $server; wait $server || true
python3 docs/schemas/make_serve_schemas.py "$tmp/evaluation.json" "$tmp/state.json"
