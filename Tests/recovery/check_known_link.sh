#!/usr/bin/env bash
# Parameter recovery and out-of-time checks of issue #4, end to end on a release binary.
#
#   swift build -c release --product bearing
#   Tests/recovery/check_known_link.sh [.build/release/bearing]
#
# Builds nothing. Runs, in a temporary directory:
#   (a) known-link.yaml (seed 7, 1 trial, --latent) -> calibrate --model logistic --until <last
#       period>: every coefficient within 3 standard errors of the true link's
#       coefficient * sample_sd / scale (0 for features outside the link);
#   (b) backtest --models vector,logistic,health on the same history: the vector model's pooled
#       AUC within 0.01 of the oracle AUC (rows scored with the true churn probability from
#       latent.csv) over exactly the rows the backtest scored, and the logistic model's AUC
#       advantage over the health baseline has a 95% interval (customer bootstrap) excluding 0;
#   (c) saas-agency.yaml (seed 42, 1 trial) -> backtest --models vector,health: the vector model
#       beats the health baseline out of time on pooled AUC and log loss.
# Prints every number; exits non-zero with a message naming the failed check.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bearing="${1:-.build/release/bearing}"
case "$bearing" in /*) ;; *) bearing="$PWD/$bearing" ;; esac
if [[ ! -x "$bearing" ]]; then
    echo "check_known_link: no executable bearing at $bearing (build it: swift build -c release --product bearing)" >&2
    exit 2
fi

python3 -c "import numpy, yaml" 2>/dev/null || python3 -m pip install --quiet numpy pyyaml

tmp="$(mktemp -d "${TMPDIR:-/tmp}/bearing-recovery.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

cd "$root"
python3 "$here/check_known_link.py" "$bearing" "$tmp"
