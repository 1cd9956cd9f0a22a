#!/usr/bin/env python3
"""Parameter recovery on Scenarios/known-link.yaml (needs the simulation branch's `simulate`).

    bearing simulate Scenarios/known-link.yaml --seed 7 --trials 1 --out out/known-link
    bearing calibrate out/known-link/history.csv --model logistic --until 2026-Q4 --out w.json
    python3 Tests/BearingCalibrationTests/reference/known_link_recovery.py Scenarios/known-link.yaml w.json

The scenario's link is logit = a + sum_j c_j (x_j - center_j) / scale_j. A logistic fit on
features standardised with the sample mean m_j and sd s_j should find
    coefficient_j = c_j * s_j / scale_j,   intercept = a + sum_j c_j (m_j - center_j) / scale_j
up to sampling error (and a slight pull toward 0 for features with imputed missing cells).
Prints fitted, expected, difference and the difference in approximate standard errors
(SE ~ 1 / sqrt(n p (1 - p)) on the standardised scale).
"""
import json
import math
import sys

import yaml  # PyYAML (pip install pyyaml)


def main(scenario_path, weights_path):
    scenario = yaml.safe_load(open(scenario_path))
    weights = json.load(open(weights_path))
    link = scenario["true_link"]
    feats = {f["name"]: f for f in scenario["features"]}
    coef = link["coefficients"]
    n = sum(f["count"] + f["missing"] for f in weights["features"][:1])
    intercept = link["intercept"]
    rows = []
    for f in weights["features"]:
        spec = feats[f["name"]]
        c = coef.get(f["name"], 0.0)
        expected = c * f["sd"] / spec["scale"]
        intercept += c * (f["mean"] - spec["center"]) / spec["scale"]
        rows.append((f["name"], f["churn"], expected))
    p = 1 / (1 + math.exp(-weights["churnLink"]["intercept"]))
    se = 1 / math.sqrt(n * p * (1 - p))
    print(f"{'feature':32s} {'fitted':>9s} {'expected':>9s} {'diff':>8s} {'diff/SE':>8s}")
    fitted_intercept = weights["churnLink"]["intercept"]
    print(f"{'intercept':32s} {fitted_intercept:9.4f} {intercept:9.4f} {fitted_intercept - intercept:+8.4f}")
    worst = 0.0
    for name, fitted, expected in rows:
        worst = max(worst, abs(fitted - expected))
        print(f"{name:32s} {fitted:9.4f} {expected:9.4f} {fitted - expected:+8.4f} {(fitted - expected) / se:+8.2f}")
    print(f"rows {n}, approximate SE {se:.4f}, largest |diff| {worst:.4f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
