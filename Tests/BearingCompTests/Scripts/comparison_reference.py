"""Reference values for BearingCompTests' comparison statistics.

Run: python3 Tests/BearingCompTests/Scripts/comparison_reference.py
Prints scipy.stats.spearmanr (average ranks for ties), scipy.stats.rankdata, a Gini
coefficient computed as mean absolute difference / (2 mean) by brute force, and numpy
quantiles; the values are pasted into PlanComparisonTests.swift.
"""
import numpy as np
from scipy import stats

cases = {
    "no_ties": ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [2.0, 1.0, 4.0, 3.0, 6.0, 5.0]),
    "ties_both": ([10.0, 20.0, 20.0, 30.0, 40.0, 40.0, 40.0, 5.0],
                  [1.10, 0.95, 1.05, 1.05, 1.30, 0.90, 1.20, 0.80]),
    "pay_vs_nrr": ([0.0, 5000.0, 5000.0, 12000.0, 7500.0, 0.0, 20000.0],
                   [0.82, 1.01, 0.97, 1.15, 1.01, 0.85, 1.40]),
}
for name, (x, y) in cases.items():
    rho = stats.spearmanr(x, y).statistic
    print(f"{name}: spearman = {rho:.17g}")
print("rankdata ties_both x:", stats.rankdata(cases["ties_both"][0]).tolist())

def gini(v):
    v = np.asarray(v, dtype=float)
    return np.abs(v[:, None] - v[None, :]).sum() / (2 * len(v) ** 2 * v.mean())

for v in ([1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 10.0], [3000.0, 5000.0, 5000.0, 12000.0, 20000.0]):
    print(f"gini {v} = {gini(v):.17g}")
pay = [3000.0, 5000.0, 5000.0, 12000.0, 20000.0]
print("quantiles 0.1/0.5/0.9:", np.quantile(pay, [0.1, 0.5, 0.9]).tolist())
# SkillCorrelationTests: pay of CSMs A, B, C (D has no book and is excluded) against tied skills.
print("skill spearman tied:", repr(float(stats.spearmanr([300.0, 100.0, 200.0], [1.0, 0.0, 1.0]).statistic)))
