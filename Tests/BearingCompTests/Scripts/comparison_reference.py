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

# PayPerformanceTests: OLS slope of variable pay on NRR standardised across CSMs (population SD,
# ddof 0), in dollars per SD, with its 95% t interval (scipy.stats.linregress + t.ppf), beside
# the rank correlation, the top quartile's share (numpy linear 0.75 quantile of NRR) and the Gini.
def pay_performance(name, nrr, pay):
    nrr = np.asarray(nrr, dtype=float)
    pay = np.asarray(pay, dtype=float)
    z = (nrr - nrr.mean()) / nrr.std(ddof=0)
    fit = stats.linregress(z, pay)
    half = stats.t.ppf(0.975, len(pay) - 2) * fit.stderr
    cut = np.quantile(nrr, 0.75)
    top = pay[nrr >= cut].sum() / pay.sum()
    values = dict(sd=nrr.std(ddof=0), slope=fit.slope, stderr=fit.stderr, ci_low=fit.slope - half,
                  ci_high=fit.slope + half, spearman=stats.spearmanr(pay, nrr).statistic, top_quartile=top,
                  gini=gini(pay))
    print(f"{name}: " + ", ".join(f"{k} = {float(v)!r}" for k, v in values.items()))

pay_performance("four_csms", [0.9, 1.0, 1.1, 1.2], [0.0, 1000.0, 1000.0, 3000.0])
pay_performance("ten_csms",
                [0.93, 1.12, 0.88, 1.05, 1.01, 1.24, 0.97, 1.08, 0.91, 1.15],
                [1800.0, 9100.0, 0.0, 6400.0, 5200.0, 14100.0, 2500.0, 7000.0, 900.0, 8800.0])
# The near-flat plan: perfectly ordered by NRR, but within $90 of each other.
pay_performance("near_flat", [0.93, 1.12, 0.88, 1.05, 1.01, 1.24, 0.97, 1.08, 0.91, 1.15],
                [10020.0, 10070.0, 10000.0, 10050.0, 10040.0, 10090.0, 10030.0, 10060.0, 10010.0, 10080.0])
