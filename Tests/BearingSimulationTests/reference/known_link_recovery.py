#!/usr/bin/env python3
"""Independent check of Scenarios/known-link.yaml: fit churn ~ logistic(b0 + sum b_f z_f) by
maximum likelihood (Newton / IRLS in numpy) on a simulated history.csv and compare with the
scenario's true_link. Rows with a missing link feature are dropped (missingness is independent
of everything, so this does not bias the fit).

    swift build -c release --product bearing
    .build/release/bearing simulate Scenarios/known-link.yaml --seed 7 --trials 1 --out /tmp/kl --quiet
    python3 Tests/BearingSimulationTests/reference/known_link_recovery.py /tmp/kl/history.csv

Two fits are reported: on z = (x - center) / scale with the scenario's stated moments (should
recover the coefficients directly), and on features standardised with their sample mean and sd
(should recover coefficient * sd / scale, see TrueLink's documentation).
"""
import csv
import sys

import numpy as np
import yaml

SCENARIO = "Scenarios/known-link.yaml"


def fit_logistic(X, y, iterations=25):
    X = np.column_stack([np.ones(len(X)), X])
    beta = np.zeros(X.shape[1])
    for _ in range(iterations):
        eta = X @ beta
        p = 1 / (1 + np.exp(-eta))
        w = p * (1 - p)
        gradient = X.T @ (y - p)
        hessian = (X * w[:, None]).T @ X
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.max(np.abs(step)) < 1e-10:
            break
    covariance = np.linalg.inv(hessian)
    return beta, np.sqrt(np.diag(covariance))


def main(path):
    scenario = yaml.safe_load(open(SCENARIO))
    link = scenario["true_link"]
    names = list(link["coefficients"].keys())
    specs = {f["name"]: f for f in scenario["features"]}
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    complete = [r for r in rows if all(r[n] != "" for n in names)]
    X = np.array([[float(r[n]) for n in names] for r in complete])
    y = np.array([float(r["churned"]) for r in complete])
    print(f"{len(rows)} rows, {len(complete)} with every link feature, churn rate {y.mean():.4f}")

    centers = np.array([specs[n].get("center", 0.0) for n in names])
    scales = np.array([specs[n].get("scale", 1.0) for n in names])
    stated = (X - centers) / scales
    beta, se = fit_logistic(stated, y)
    truth = np.array([link["intercept"]] + [link["coefficients"][n] for n in names])
    print("\nstandardised with the stated center/scale:")
    print(f"{'term':32} {'true':>8} {'fitted':>8} {'se':>7} {'z':>6}")
    worst = 0.0
    for name, t, b, s in zip(["intercept"] + names, truth, beta, se):
        z = (b - t) / s
        worst = max(worst, abs(z))
        print(f"{name:32} {t:8.3f} {b:8.3f} {s:7.3f} {z:6.2f}")
    print(f"largest |fitted - true| / se = {worst:.2f}")

    mean, sd = X.mean(axis=0), X.std(axis=0, ddof=1)
    beta2, se2 = fit_logistic((X - mean) / sd, y)
    print("\nstandardised with the sample mean/sd (expect coefficient * sd / scale):")
    for name, t, b, s, m, sc in zip(names, truth[1:], beta2[1:], se2[1:], sd, scales):
        expected = t * m / sc
        print(f"{name:32} expected {expected:8.3f} fitted {b:8.3f} (se {s:.3f}); sample sd/scale {m / sc:.3f}")
    return 0 if worst < 4 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/kl/history.csv"))
