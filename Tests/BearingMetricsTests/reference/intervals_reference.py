#!/usr/bin/env python3
"""Reference values for IntervalTests in BearingMetricsTests.

Run:  python3 Tests/BearingMetricsTests/reference/intervals_reference.py
Needs scipy and statsmodels (pip install scipy statsmodels).

Prints statsmodels' Wilson score intervals (proportion_confint, method="wilson") at 95% and 90%,
and scipy's standard normal quantiles and CDF values.
"""
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

cases = [(0, 1), (1, 2), (0, 10), (1, 10), (5, 10), (10, 10), (3, 47), (120, 1000), (1, 30), (29, 30)]
for alpha in (0.05, 0.10):
    print(f"wilson alpha={alpha}:")
    for k, n in cases:
        lo, hi = proportion_confint(k, n, alpha=alpha, method="wilson")
        print(f"  ({k}, {n}, {float(lo)!r}, {float(hi)!r}),")

ps = [1e-300, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999, 1 - 1e-12]
print("quantiles:")
for p in ps:
    print(f"  ({p!r}, {float(norm.ppf(p))!r}),")
print("cdf:")
for x in [-40.0, -8.0, -1.959963984540054, -1.0, 0.0, 0.5, 1.959963984540054, 3.0]:
    print(f"  ({x!r}, {float(norm.cdf(x))!r}),")
