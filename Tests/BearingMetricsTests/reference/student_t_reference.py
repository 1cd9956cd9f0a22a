#!/usr/bin/env python3
"""Reference values for StudentTDistributionTests in BearingMetricsTests.

Run:  python3 Tests/BearingMetricsTests/reference/student_t_reference.py   (needs scipy)

Prints scipy.stats.t quantiles (ppf) and CDF values for the degrees of freedom a team of CSMs
gives a regression slope (n - 2), plus fractional and large ones.
"""
from scipy.stats import t

print("quantiles (p, df, t):")
for df in [1, 2, 3, 4, 6, 10, 28, 2.5, 200]:
    for p in [0.975, 0.995, 0.6, 1e-6]:
        print(f"  ({p!r}, {float(df)!r}, {float(t.ppf(p, df))!r}),")
print("cdf (x, df, P):")
for df, x in [(1, 0.5), (3, -2.0), (4, 2.7764451051977987), (7, 10.0), (7, -10.0), (2.5, 1.3), (30, 0.0), (12, -45.0)]:
    print(f"  ({float(x)!r}, {float(df)!r}, {float(t.cdf(x, df))!r}),")
