"""Reference upsell values for ParameterUncertaintyTests (UpsellValue, ForecastRates.upsellValue):
value = list x segment deal size x milestone level as the prior, the cell's takers shrunk toward it.

    r_all = (sum of x/list over all takers + w) / (n + w)
    r_s   = (sum of x/list over segment s's takers + w r_all) / (n_s + w)
    f_m   = (sum over m's takers of x / (list_m r_s) + w) / (n_m + w)
    v_ms  = (sum of x over the cell's takers + w list_m r_s f_m) / (n_ms + w)
    se_ms = sd(cell takers, ddof 1; else the milestone's takers; else 0) / sqrt(n_ms + w); with no
            takers of the milestone, list_m sd(segment's ratios) / sqrt(n_s + w)

Computed here per taker with numpy (the Swift code works from running sums).

    python3 upsell_value_reference.py
"""
import numpy as np


def values(takers, lists, segments, w):
    x = np.array([t[2] for t in takers], float)
    m = np.array([t[0] for t in takers])
    s = np.array([t[1] for t in takers])
    ratio = x / np.array([lists[k] for k in m])
    r_all = (ratio.sum() + w) / (len(x) + w)
    r = {seg: (ratio[s == seg].sum() + w * r_all) / ((s == seg).sum() + w) for seg in segments}
    out = {}
    for k, lst in lists.items():
        in_m = m == k
        f = (sum(x[i] / (lst * r[s[i]]) for i in np.flatnonzero(in_m)) + w) / (in_m.sum() + w)
        for seg in segments:
            cell = in_m & (s == seg)
            prior = lst * r[seg] * f
            v = (x[cell].sum() + w * prior) / (cell.sum() + w)
            spread = np.std(x[cell], ddof=1) if cell.sum() >= 2 else (np.std(x[in_m], ddof=1) if in_m.sum() >= 2 else 0.0)
            if in_m.sum() > 0:
                se = spread / np.sqrt(cell.sum() + w)
            else:
                # No takers of the milestone: the spread of the segment's realised / list ratios.
                seg_ratios = ratio[s == seg]
                se = lst * np.std(seg_ratios, ddof=1) / np.sqrt(len(seg_ratios) + w) if len(seg_ratios) >= 2 else 0.0
            out[(k, seg)] = (v, se)
    return out


print("one milestone (list 1000), w = 2: smb 400, 600; ent 3000")
for key, (v, se) in values([("m", "smb", 400), ("m", "smb", 600), ("m", "ent", 3000)], {"m": 1000}, ["smb", "ent", "mid"], 2).items():
    print(key, f"value {v:.10f}", f"se {se:.8f}")

print("two milestones + one untaken, w = 2: m1 (1000) smb 400, 500, 300; ent 2900, 3100; m2 (4000) ent 12500; m3 (500) none")
takers = [("m1", "smb", 400), ("m1", "smb", 500), ("m1", "smb", 300), ("m1", "ent", 2900), ("m1", "ent", 3100), ("m2", "ent", 12500)]
for key, (v, se) in values(takers, {"m1": 1000, "m2": 4000, "m3": 500}, ["smb", "ent", "mid"], 2).items():
    print(key, f"value {v:.10f}", f"se {se:.8f}")
