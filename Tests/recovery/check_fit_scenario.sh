#!/usr/bin/env bash
# Recovery check of fit-scenario: can a scenario fitted to a history reproduce it?
#
#   swift build -c release --product bearing
#   Tests/recovery/check_fit_scenario.sh [.build/release/bearing]
#
# For every bundled scenario (Scenarios/*.yaml except the milestone catalogues; plans/ and
# examples/ are folders): `bearing simulate SCENARIO --seed 42 --trials 1` writes a history;
# `bearing fit-scenario` fits a scenario to it and simulates 50 trials of the fit (seed 1001)
# from the history's starting book, printing the fitted-vs-history table and writing it as
# fitted.fit.json. The check fails unless, per segment and rolled up, the P5-P95 band of NRR,
# GRR and logo retention covers the history's value and churn by vector category keeps the
# history's order.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bearing="${1:-.build/release/bearing}"
case "$bearing" in /*) ;; *) bearing="$PWD/$bearing" ;; esac
if [[ ! -x "$bearing" ]]; then
    echo "check_fit_scenario: no executable bearing at $bearing (build it: swift build -c release --product bearing)" >&2
    exit 2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/bearing-fit-recovery.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cd "$root"

status=0
for file in Scenarios/*.yaml; do
    name="$(basename "$file" .yaml)"
    case "$name" in milestones*) continue ;; esac
    echo "== $file: simulate (seed 42, trial 0), fit, 50 trials of the fit"
    "$bearing" simulate "$file" --seed 42 --trials 1 --quiet --out "$tmp/$name" >/dev/null
    "$bearing" fit-scenario "$tmp/$name/history.csv" --out "$tmp/$name/fitted.yaml" --compare-trials 50 --seed 1001 --quiet
    python3 - "$tmp/$name/fitted.fit.json" "$name" <<'PY' || status=1
import json, sys
report = json.load(open(sys.argv[1]))
failures = []
for group in report["groups"]:
    for metric in group["metrics"]:
        if metric["name"] in ("nrr", "grr", "logo_retention") and metric.get("covered") is False:
            failures.append(f'{group["segment"]} {metric["name"]}: history {metric["history"]:.4f} outside '
                            f'[{metric["p5"]:.4f}, {metric["p95"]:.4f}]')
order = report.get("category_order") or report.get("order")
if order is not None and not order.get("holds", True):
    failures.append(f'churn by category: history order {order.get("history_order")}, simulated {order.get("simulated_order")}')
if failures:
    print(f"check_fit_scenario: {sys.argv[2]}: " + "; ".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"check_fit_scenario: {sys.argv[2]}: every band covers the history and the category order holds")
PY
done
if [[ $status -ne 0 ]]; then
    echo "check_fit_scenario: FAILED (see the tables above)" >&2
    exit 1
fi
echo "check_fit_scenario: every bundled scenario's fit reproduces its history"
