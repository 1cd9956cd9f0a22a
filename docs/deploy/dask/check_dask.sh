#!/usr/bin/env bash
# Checks the Dask driver end to end: a LocalCluster with 2 workers runs 3 shards of a scenario,
# run_sharded.py merges them, and the merged history.csv, trials.csv and summary.json must be
# byte-identical (cmp) to one unsharded `bearing simulate` run.
#
#   docs/deploy/dask/check_dask.sh            # uses .build/debug/bearing (builds it if missing)
#   BEARING=.build/release/bearing docs/deploy/dask/check_dask.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bearing="${BEARING:-$root/.build/debug/bearing}"
if [[ ! -x "$bearing" ]]; then
    (cd "$root" && swift build --product bearing)
fi

python3 -c "import dask.distributed" 2>/dev/null || pip install -q "dask[distributed]"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
scenario="$root/Scenarios/saas-agency.yaml"
seed=42
trials=7   # 7 trials over 3 shards: blocks of 2, 2, 3

"$bearing" simulate "$scenario" --seed "$seed" --trials "$trials" --out "$work/single" --quiet
python3 "$here/run_sharded.py" --bearing "$bearing" --scenario "$scenario" --seed "$seed" --trials "$trials" \
    --shards 3 --threads 1 --work "$work/shards" --out "$work/merged" --local-workers 2

for file in history.csv trials.csv summary.json; do
    cmp "$work/single/$file" "$work/merged/$file"
done
extra="$(comm -3 <(ls -A "$work/single") <(ls -A "$work/merged"))"
if [[ -n "$extra" ]]; then
    echo "check_dask: the merged directory and the single run hold different files: $extra" >&2
    exit 1
fi
echo "check_dask: 3 shards on a 2-worker Dask LocalCluster merge to the single run byte for byte ($(wc -c < "$work/merged/history.csv") bytes of history.csv)"
