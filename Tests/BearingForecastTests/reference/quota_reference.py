"""Reference values for QuotaPlanTests: the trailing expansion rate per segment, computed with
pandas from the same fixture the test builds (a different path from the Swift loop over rows).

Fixture: periods 2024-Q1 .. 2025-Q2 (p = 0..5); customers 0-3 in segment "a", 4-5 in "b", in
every period; customer 6 in segment "c" only in 2025-Q2. arr = 1000 + 250 c + 100 p,
expansion_arr = ((7 c + 3 p) mod 5) * 40. The row of customer 1 in 2024-Q4 has an unknown
outcome and is left out. Trailing rate of segment s for period P with window k:
sum(expansion) / sum(arr) over rows of s with P - k <= p < P.

    python3 quota_reference.py      # prints the values the test holds
"""
import pandas as pd

rows = []
for p in range(6):
    for c in range(6):
        rows.append(dict(customer=c, p=p, segment="a" if c < 4 else "b"))
rows.append(dict(customer=6, p=5, segment="c"))
df = pd.DataFrame(rows)
df["arr"] = 1000 + 250 * df.customer + 100 * df.p
df["expansion"] = ((7 * df.customer + 3 * df.p) % 5) * 40
known = df[~((df.customer == 1) & (df.p == 3))]

for window in (4, 2):
    for P in range(1, 6):
        past = known[(known.p >= P - window) & (known.p < P)]
        sums = past.groupby("segment")[["expansion", "arr"]].sum()
        for segment in ("a", "b"):
            e, a = sums.loc[segment]
            print(f"window {window} period {P} segment {segment}: rate {e / a:.17g} (expansion {e}, arr {a})")
        e, a = past.expansion.sum(), past.arr.sum()
        print(f"window {window} period {P} all: rate {e / a:.17g}")
