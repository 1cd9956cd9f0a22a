#!/usr/bin/env bash
# Forecast checks of issue #5, end to end on a release binary.
#
#   swift build -c release --product bearing
#   Tests/recovery/check_forecast_coverage.sh [.build/release/bearing] [seeds=20] [jobs=2]
#
# Builds nothing. For seeds 1..N: simulate Scenarios/saas-agency.yaml (--trials 1: history.csv
# holds trial 0), then compare-forecasts --milestones Scenarios/milestones-saas-agency.yaml
# (default weights, 1000 trials, the default quota: each segment's trailing observed expansion
# rate; QUOTA_ARGS="--quota 0.05" for a fixed rate). Pools the walk-forward periods of every seed and
# prints, for the all-segment roll-up: the share of periods with P10 <= actual <= P90, and the
# MAPE of the vector P50 and of the quota forecast (per segment too, for information).
# COMPARE_ARGS (environment) adds options to compare-forecasts, e.g. COMPARE_ARGS="--half-life 2".
# Exits non-zero when pooled coverage is outside 70-90% or vector MAPE >= quota MAPE.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bearing="${1:-.build/release/bearing}"
seeds="${2:-20}"
jobs="${3:-2}"
case "$bearing" in /*) ;; *) bearing="$PWD/$bearing" ;; esac
if [[ ! -x "$bearing" ]]; then
    echo "check_forecast_coverage: no executable bearing at $bearing (build it: swift build -c release --product bearing)" >&2
    exit 2
fi
python3 -c "import numpy" 2>/dev/null || python3 -m pip install --quiet numpy

tmp="$(mktemp -d "${TMPDIR:-/tmp}/bearing-coverage.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cd "$root"

run_seed() {
    local seed="$1" dir="$tmp/seed-$1"
    "$bearing" simulate Scenarios/saas-agency.yaml --seed "$seed" --trials 1 --threads 1 --quiet --out "$dir/sim" >/dev/null
    "$bearing" compare-forecasts "$dir/sim/history.csv" --milestones Scenarios/milestones-saas-agency.yaml \
        ${QUOTA_ARGS:-} ${COMPARE_ARGS:-} --quiet --out "$dir/cmp" >/dev/null
    rm -f "$dir/sim/history.csv"
}
export -f run_seed
export bearing tmp COMPARE_ARGS QUOTA_ARGS
seq 1 "$seeds" | xargs -P "$jobs" -I{} bash -c 'run_seed {}'

python3 "$here/check_forecast_coverage.py" "$tmp"
