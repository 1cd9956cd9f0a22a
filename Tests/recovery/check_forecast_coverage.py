"""Pools compare-forecasts results over seeds (see check_forecast_coverage.sh). numpy only."""
import glob
import json
import os
import sys

import numpy as np


def main(tmp):
    files = sorted(glob.glob(os.path.join(tmp, "seed-*", "cmp", "comparison.json")))
    if not files:
        print("check_forecast_coverage: no comparison.json found", file=sys.stderr)
        return 2
    rows = []
    for f in files:
        with open(f) as h:
            rows += [dict(r, seed=f) for r in json.load(h)["comparison"]["rows"]]
    failed = []
    print(f"{len(files)} seeds, {sum(r['segment'] == 'all' for r in rows)} walk-forward periods (all segments)")
    print(f"{'segment':<18}{'periods':>8}{'coverage':>10}{'vector MAPE':>13}{'quota MAPE':>12}{'vector bias':>13}{'quota bias':>12}")
    for segment in sorted({r["segment"] for r in rows} - {"all"}) + ["all"]:
        rs = [r for r in rows if r["segment"] == segment]
        actual = np.array([r["actual_expansion_arr"] for r in rs])
        p10 = np.array([r["vector_p10"] for r in rs])
        p50 = np.array([r["vector_p50"] for r in rs])
        p90 = np.array([r["vector_p90"] for r in rs])
        quota = np.array([r["quota_expansion_arr"] for r in rs])
        covered = (p10 <= actual) & (actual <= p90)
        scored = actual > 0
        vmape = np.mean(np.abs(p50[scored] - actual[scored]) / actual[scored])
        qmape = np.mean(np.abs(quota[scored] - actual[scored]) / actual[scored])
        vbias = (p50.sum() - actual.sum()) / actual.sum()
        qbias = (quota.sum() - actual.sum()) / actual.sum()
        print(f"{segment:<18}{len(rs):>8}{covered.mean():>10.1%}{vmape:>13.1%}{qmape:>12.1%}{vbias:>+13.1%}{qbias:>+12.1%}")
        if segment == "all":
            coverage, vector_mape, quota_mape = covered.mean(), vmape, qmape
    if not 0.70 <= coverage <= 0.90:
        failed.append(f"P10-P90 coverage {coverage:.1%} is outside 70-90%")
    if not vector_mape < quota_mape:
        failed.append(f"vector MAPE {vector_mape:.1%} is not below quota MAPE {quota_mape:.1%}")
    for f in failed:
        print("FAILED: " + f, file=sys.stderr)
    if not failed:
        print("OK: coverage within 70-90% and vector MAPE below quota MAPE")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
