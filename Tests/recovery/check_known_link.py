#!/usr/bin/env python3
"""Issue #4's "done means", end to end on a release `bearing` binary (see check_known_link.sh).

    python3 Tests/recovery/check_known_link.py BEARING TMPDIR      (run from the repository root)

(a) Parameter recovery. known-link.yaml states churn = logistic(b0 + sum_f beta_f z_f) with
    z_f = (x_f - center_f) / scale_f. `calibrate --model logistic` standardises each feature with
    its training mean m_f and population sd s_f (missing -> z = 0), so its slope for f should be
    beta_f * s_f / scale_f (0 for features outside the link) and its intercept
    b0 + sum_f beta_f (m_f - center_f) / scale_f. Standard errors: the square roots of the
    diagonal of the inverse Hessian of the fitted objective at bearing's coefficients,
    H = X1' diag(p (1 - p)) X1 + (1/C) I on the slopes, computed here in numpy from history.csv
    with bearing's own standardisation. Pass: every |fitted - expected| <= 3 SE.
(b) Oracle AUC. latent.csv holds the probability each row's churn was drawn with; scoring the
    rows of exactly the forecast periods listed in backtest.json with it gives the oracle AUC.
    Pass: |AUC(vector, pooled) - oracle AUC| <= 0.01.
(c) saas-agency.yaml, seed 42: pooled out-of-time AUC(vector) > AUC(health) and
    log loss(vector) < log loss(health).
"""
import csv
import json
import os
import subprocess
import sys
import time

import numpy as np
import yaml

KNOWN_LINK = "Scenarios/known-link.yaml"
SAAS = "Scenarios/saas-agency.yaml"
MIN_ROWS = 200_000
SE_LIMIT = 3.0
AUC_LIMIT = 0.01

failures = []


def run(bearing, *args):
    command = [bearing, *args, "--quiet"]
    print("$ " + " ".join(["bearing", *args, "--quiet"]), flush=True)
    start = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"check_known_link: `bearing {' '.join(args)}` failed with exit code {result.returncode}")
    print(f"  ({time.monotonic() - start:.1f} s)", flush=True)
    return result.stdout


def read_csv(path):
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    return header, rows


def column(header, rows, name, kind=float):
    j = header.index(name)
    if kind is float:
        return np.array([float(r[j]) if r[j] != "" else np.nan for r in rows])
    return [r[j] for r in rows]


def auc(labels, scores):
    """Mann-Whitney AUC with ties counted 1/2 (sklearn roc_auc_score)."""
    from scipy.stats import rankdata

    labels = np.asarray(labels, dtype=bool)
    ranks = rankdata(scores)
    n1 = labels.sum()
    n0 = len(labels) - n1
    return (ranks[labels].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def log_loss(labels, p):
    eps = np.finfo(float).eps
    p = np.clip(p, eps, 1 - eps)
    return float(np.mean(-np.where(labels, np.log(p), np.log(1 - p))))


def newton(X1, y, penalty):
    beta = np.zeros(X1.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(X1 @ beta)))
        gradient = X1.T @ (y - p) - penalty * beta
        hessian = (X1 * (p * (1 - p))[:, None]).T @ X1 + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.max(np.abs(step)) < 1e-12:
            break
    return beta


def check_recovery(bearing, tmp):
    out = os.path.join(tmp, "known-link")
    run(bearing, "simulate", KNOWN_LINK, "--seed", "7", "--trials", "1", "--latent", "--out", out)
    header, rows = read_csv(os.path.join(out, "history.csv"))
    periods = sorted(set(column(header, rows, "period", str)))
    print(f"history.csv: {len(rows)} customer-periods, {periods[0]}...{periods[-1]}")
    if len(rows) < MIN_ROWS:
        failures.append(f"(a) known-link history has {len(rows)} customer-periods; the issue asks for >= {MIN_ROWS}")

    weights_path = os.path.join(tmp, "logistic.json")
    run(bearing, "calibrate", os.path.join(out, "history.csv"), "--model", "logistic", "--until", periods[-1],
        "--out", weights_path)
    weights = json.load(open(weights_path))
    names = [f["name"] for f in weights["features"]]
    fitted = np.array([weights["churn_link"]["intercept"]] + [f["churn"] for f in weights["features"]])
    means = np.array([f["mean"] for f in weights["features"]])
    sds = np.array([f["sd"] for f in weights["features"]])

    scenario = yaml.safe_load(open(KNOWN_LINK))
    link = scenario["true_link"]
    specs = {f["name"]: f for f in scenario["features"]}
    y = column(header, rows, "churned")
    X = np.column_stack([column(header, rows, n) for n in names])

    # bearing's standardisation must be the one stated (mean, ddof-0 sd of non-missing values).
    np.testing.assert_allclose(means, np.nanmean(X, axis=0), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(sds, np.nanstd(X, axis=0), rtol=1e-9)
    Z = np.nan_to_num((X - means) / sds, nan=0.0)
    X1 = np.column_stack([np.ones(len(Z)), Z])

    c = 1.0  # calibrate's default for --model logistic (lambda = 1/C on the slopes)
    penalty = np.r_[0.0, np.full(len(names), 1 / c)]
    p = 1 / (1 + np.exp(-(X1 @ fitted)))
    hessian = (X1 * (p * (1 - p))[:, None]).T @ X1 + np.diag(penalty)
    se = np.sqrt(np.diag(np.linalg.inv(hessian)))
    reference = newton(X1, y, penalty)

    coefficient = np.array([link["coefficients"].get(n, 0.0) for n in names])
    center = np.array([specs[n].get("center", 0.0) for n in names])
    scale = np.array([specs[n].get("scale", 1.0) for n in names])
    expected = np.r_[link["intercept"] + np.sum(coefficient * (means - center) / scale), coefficient * sds / scale]

    print(f"\n(a) logistic fit vs the true link on {len(rows)} rows (churn rate {y.mean():.4f}), "
          f"C = {c:g}; SE from the inverse Hessian at bearing's fit")
    print(f"{'term':32} {'expected':>9} {'bearing':>9} {'numpy':>9} {'SE':>7} {'(b-e)/SE':>9}")
    worst = 0.0
    for term, e, b, r, s in zip(["intercept"] + names, expected, fitted, reference, se):
        z = (b - e) / s
        worst = max(worst, abs(z))
        flag = "" if abs(z) <= SE_LIMIT else "  <-- outside 3 SE"
        print(f"{term:32} {e:9.4f} {b:9.4f} {r:9.4f} {s:7.4f} {z:9.2f}{flag}")
        if abs(z) > SE_LIMIT:
            failures.append(f"(a) {term}: bearing {b:.4f}, expected {e:.4f}, {z:+.2f} SE (limit {SE_LIMIT:g})")
    print(f"largest |fitted - expected| / SE = {worst:.2f} (limit {SE_LIMIT:g}); "
          f"largest |bearing - numpy Newton| = {np.max(np.abs(fitted - reference)):.2e}")
    if np.max(np.abs(fitted - reference) / se) > 0.01:
        failures.append("(a) bearing's logistic fit differs from numpy's Newton fit of the same objective by more than 0.01 SE")
    return out, header, rows, y


def check_oracle(bearing, tmp, out, header, rows, y):
    backtest_dir = os.path.join(tmp, "known-link-backtest")
    run(bearing, "backtest", os.path.join(out, "history.csv"), "--models", "vector,logistic,health",
        "--out", backtest_dir)
    report = json.load(open(os.path.join(backtest_dir, "backtest.json")))["backtest"]
    forecast = {p["period"]: p["rows"] for p in report["periods"]}
    if report["skipped"]:
        print(f"skipped periods: {report['skipped']}")

    latent_header, latent_rows = read_csv(os.path.join(out, "latent.csv"))
    if len(latent_rows) != len(rows):
        sys.exit(f"check_known_link: latent.csv has {len(latent_rows)} rows, history.csv {len(rows)}")
    ids = column(header, rows, "customer_id", str)
    periods = column(header, rows, "period", str)
    if ids != column(latent_header, latent_rows, "customer_id", str) or periods != column(latent_header, latent_rows, "period", str):
        sys.exit("check_known_link: latent.csv rows are not aligned with history.csv")
    truth = column(latent_header, latent_rows, "churn_probability")

    mask = np.array([p in forecast for p in periods])
    scored = int(mask.sum())
    if scored != sum(forecast.values()):
        sys.exit(f"check_known_link: backtest.json scored {sum(forecast.values())} rows in {sorted(forecast)}, "
                 f"history.csv has {scored} there")
    labels = y[mask].astype(bool)
    oracle = auc(labels, truth[mask])
    overall = {r["model"]: r["metrics"] for r in report["overall"]}
    print(f"\n(b) out of time over {len(forecast)} forecast periods ({min(forecast)}...{max(forecast)}), "
          f"{scored} rows, churn rate {labels.mean():.4f}")
    print(f"{'scorer':10} {'AUC':>8} {'log loss':>9} {'Brier':>8}")
    print(f"{'oracle':10} {oracle:8.4f} {log_loss(labels, truth[mask]):9.4f} "
          f"{np.mean((truth[mask] - labels) ** 2):8.4f}")
    for model, m in overall.items():
        if m["rows"] != scored:
            sys.exit(f"check_known_link: backtest.json pooled {m['rows']} rows for {model}, the periods hold {scored}")
        print(f"{model:10} {m['auc']:8.4f} {m['log_loss']:9.4f} {m['brier']:8.4f}")
    gap = overall["vector"]["auc"] - oracle
    print(f"AUC(vector) - AUC(oracle) = {gap:+.4f} (limit +-{AUC_LIMIT})")
    if abs(gap) > AUC_LIMIT:
        failures.append(f"(b) vector AUC {overall['vector']['auc']:.4f} vs oracle {oracle:.4f}: |diff| {abs(gap):.4f} > {AUC_LIMIT}")
    # The logistic model (the true link's form) beats the health baseline with an interval
    # that excludes 0 (the customer bootstrap's paired comparison in backtest.json).
    pair = next((c for c in report.get("comparisons", [])
                 if c["model"] == "logistic" and c["baseline"] == "health" and c["metric"] == "auc"), None)
    if pair is None:
        failures.append("(b) backtest.json has no logistic-vs-health AUC comparison")
    else:
        print(f"AUC(logistic) - AUC(health) = {pair['difference']:+.4f} (95% CI {pair['ci_low']:+.4f} to {pair['ci_high']:+.4f}), "
              f"verdict {pair['verdict']}")
        if not (pair["ci_low"] > 0 and pair["verdict"] == "model_better"):
            failures.append(f"(b) logistic vs health: interval {pair['ci_low']:+.4f}..{pair['ci_high']:+.4f} does not exclude 0")


def check_saas(bearing, tmp):
    out = os.path.join(tmp, "saas-agency")
    run(bearing, "simulate", SAAS, "--seed", "42", "--trials", "1", "--out", out)
    backtest_dir = os.path.join(tmp, "saas-agency-backtest")
    run(bearing, "backtest", os.path.join(out, "history.csv"), "--models", "vector,health", "--out", backtest_dir)
    report = json.load(open(os.path.join(backtest_dir, "backtest.json")))["backtest"]
    overall = {r["model"]: r["metrics"] for r in report["overall"]}
    v, h = overall["vector"], overall["health"]
    print(f"\n(c) saas-agency seed 42, out of time, {v['rows']} rows over {len(report['periods'])} forecast periods")
    print(f"{'model':10} {'AUC':>8} {'log loss':>9}")
    for model in ("vector", "health"):
        print(f"{model:10} {overall[model]['auc']:8.4f} {overall[model]['log_loss']:9.4f}")
    if not v["auc"] > h["auc"]:
        failures.append(f"(c) saas-agency: vector AUC {v['auc']:.4f} does not beat health {h['auc']:.4f}")
    if not v["log_loss"] < h["log_loss"]:
        failures.append(f"(c) saas-agency: vector log loss {v['log_loss']:.4f} does not beat health {h['log_loss']:.4f}")


def main(bearing, tmp):
    start = time.monotonic()
    out, header, rows, y = check_recovery(bearing, tmp)
    check_oracle(bearing, tmp, out, header, rows, y)
    check_saas(bearing, tmp)
    print(f"\ntotal {time.monotonic() - start:.0f} s")
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    print("all recovery checks passed")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: check_known_link.py BEARING TMPDIR")
    sys.exit(main(sys.argv[1], sys.argv[2]))
