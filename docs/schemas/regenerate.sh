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
for seed in 3 5; do
  "$BEARING" workbench "$tmp/small.yaml" --out "$tmp/wb$seed" --seed $seed --trials 3 --stress-trials 2 --forecast-trials 30 --quiet \
    --plan Scenarios/plans/nrr-weighted-80-20.yaml --plan Scenarios/plans/vector-forecast-70-30.yaml > /dev/null
  outs+=("$tmp/wb$seed")
done
"$BEARING" simulate "$tmp/small.yaml" --seed 1 --trials 2 --shard 1/2 --out "$tmp/shard" --quiet
"$BEARING" retention Scenarios/retention-example.csv --out "$tmp/retention.json" > /dev/null
python3 docs/schemas/make_schemas.py "$tmp/shard" "$tmp/retention.json" "${outs[@]}"
