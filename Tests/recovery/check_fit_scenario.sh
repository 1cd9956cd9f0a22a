#!/usr/bin/env bash
# Recovery check of fit-scenario: can a scenario fitted to a history reproduce it?
#
#   swift build -c release --product bearing
#   Tests/recovery/check_fit_scenario.sh [.build/release/bearing]
#
# For every bundled scenario (Scenarios/*.yaml except the milestone catalogues; plans/ is a
# folder of comp plans): `bearing simulate SCENARIO --seed 42 --trials 1` writes a history;
# then the heavy test FitRecoveryTests (BearingScenarioFitTests, off unless
# BEARING_FIT_RECOVERY is set) fits a scenario to each history, simulates 50 trials of the fit
# (seed 1001) from the history's starting book, prints the fitted-vs-history table and fails
# unless, per segment and rolled up, the P5-P95 band of NRR, GRR and logo retention covers the
# history's value and churn by vector category keeps the history's order.
#
# The `bearing fit-scenario` command does not exist yet, so the fitting runs in `swift test`
# (debug build by default; SWIFT_TEST_ARGS="-c release -Xswiftc -enable-testing" for a release
# build of the tests, much faster to run, slower to build). When the command lands, replace
# the test with: bearing fit-scenario history.csv --out fitted.yaml, then workbench --history.
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

for file in Scenarios/*.yaml; do
    name="$(basename "$file" .yaml)"
    case "$name" in milestones*) continue ;; esac
    echo "== simulate $file (seed 42, trial 0)"
    "$bearing" simulate "$file" --seed 42 --trials 1 --quiet --out "$tmp/$name" >/dev/null
done

status=0
# shellcheck disable=SC2086
BEARING_FIT_RECOVERY=1 BEARING_FIT_RECOVERY_DIR="$tmp" swift test ${SWIFT_TEST_ARGS:-} --filter FitRecoveryTests \
    > "$tmp/test.log" 2>&1 || status=$?
grep -v '^\[' "$tmp/test.log" || true
if [[ $status -ne 0 ]] || ! grep -q "Test run with [1-9][0-9]* tests\? .*passed" "$tmp/test.log"; then
    echo "check_fit_scenario: FAILED (see the tables and issues above)" >&2
    exit 1
fi
echo "check_fit_scenario: every bundled scenario's fit reproduces its history"
