#!/usr/bin/env python3
"""Regenerates the calibration fixtures and their scikit-learn reference values.

Run from anywhere:  python3 Tests/BearingCalibrationTests/reference/make_reference.py
Needs numpy, pandas, scikit-learn (pip install scikit-learn pandas).

Writes, under Tests/BearingCalibrationTests/Fixtures/:
  basic.csv      2,000 rows x 6 features, no missing values, features on different scales
  missing.csv    2,000 rows x 6 features, ~8-12% empty cells in three columns, one constant column
  separable.csv  2,000 rows x 6 features, nearly separable (large true coefficients)
  scores.csv     2,000 (label, probability) pairs with many ties and exact 0/1 probabilities
  reference.json scikit-learn's standardisation, L2 logistic coefficients and metric values

Preprocessing mirrors Bearing exactly: values are Float32 (as the panel stores them);
mean and standard deviation (ddof 0) of the non-missing values come from StandardScaler in
float64; standardised values are rounded to Float32 and missing cells set to 0.
"""
import json
import pathlib

import numpy as np
import pandas as pd
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score, roc_curve
from sklearn.preprocessing import StandardScaler

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent / "Fixtures"
FEATURES = [f"x{i}" for i in range(1, 7)]


def f32(a):
    return np.asarray(a, dtype=np.float32)


def write_csv(name, y, X):
    df = pd.DataFrame(f32(X), columns=FEATURES)
    lines = ["churned," + ",".join(FEATURES)]
    for yi, row in zip(y, df.itertuples(index=False)):
        cells = ["" if np.isnan(v) else repr(float(np.float32(v))) for v in row]
        lines.append(f"{int(yi)}," + ",".join(cells))
    (FIXTURES / name).write_text("\n".join(lines) + "\n")


def make_fixtures():
    rng = np.random.default_rng(20251125)
    n = 2000
    # basic: correlated features on different scales and offsets.
    base = rng.standard_normal((n, 6))
    base[:, 1] += 0.5 * base[:, 0]
    X = base * np.array([1.0, 10.0, 0.1, 3.0, 50.0, 2.0]) + np.array([0.0, 100.0, -5.0, 2.0, 500.0, 0.0])
    logit = -1.0 + 0.8 * base[:, 0] - 0.5 * base[:, 1] + 0.3 * base[:, 2] + 0.0 * base[:, 3] + 1.2 * base[:, 4] - 0.2 * base[:, 5]
    y = rng.random(n) < 1 / (1 + np.exp(-logit))
    write_csv("basic.csv", y, X)

    # missing: NaNs in x2, x4, x5 and a constant x6.
    base = rng.standard_normal((n, 6))
    X = base * np.array([2.0, 1.0, 5.0, 0.5, 1.0, 0.0]) + np.array([1.0, 0.0, 20.0, 0.0, -3.0, 7.0])
    logit = -0.5 + 1.0 * base[:, 0] + 0.7 * base[:, 1] - 0.9 * base[:, 2] + 0.4 * base[:, 3] - 0.6 * base[:, 4]
    y = rng.random(n) < 1 / (1 + np.exp(-logit))
    for col, rate in [(1, 0.08), (3, 0.12), (4, 0.10)]:
        X[rng.random(n) < rate, col] = np.nan
    write_csv("missing.csv", y, X)

    # separable: strong signal, a few label flips keep the MLE finite without penalty.
    base = rng.standard_normal((n, 6))
    logit = 8.0 * base[:, 0] - 6.0 * base[:, 1] + 4.0 * base[:, 2] + 0.5 * base[:, 3]
    y = logit > 0
    flip = rng.random(n) < 0.01
    y = np.where(flip, ~y, y)
    write_csv("separable.csv", y, base * 3.0)


def load(name):
    df = pd.read_csv(FIXTURES / name, dtype={c: np.float32 for c in FEATURES})
    X = df[FEATURES].to_numpy(dtype=np.float32).astype(np.float64)
    y = df["churned"].to_numpy().astype(int)
    return X, y


def standardise(X):
    scaler = StandardScaler().fit(X)  # ignores NaN in fit, ddof 0, scale 1 for constant columns
    Z = scaler.transform(X).astype(np.float32).astype(np.float64)
    Z[np.isnan(Z)] = 0.0
    return scaler, Z


def objective(Z, y, b, w, C):
    eta = b + Z @ w
    return float(np.sum(np.logaddexp(0, eta) - y * eta) + 0.5 / C * np.dot(w, w))


def fit_reference(name, C):
    X, y = load(name)
    scaler, Z = standardise(X)
    model = LogisticRegression(C=C, solver="newton-cholesky", tol=1e-14, max_iter=10_000).fit(Z, y)
    check = LogisticRegression(C=C, solver="lbfgs", tol=1e-12, max_iter=100_000).fit(Z, y)
    gap = float(np.max(np.abs(np.r_[model.intercept_, model.coef_[0]] - np.r_[check.intercept_, check.coef_[0]])))
    assert gap < 1e-5, f"newton-cholesky and lbfgs disagree by {gap} on {name}, C={C}"
    return {
        "fixture": name,
        "C": C,
        "means": scaler.mean_.tolist(),
        "scales": scaler.scale_.tolist(),
        "missing_counts": np.isnan(X).sum(axis=0).astype(int).tolist(),
        "intercept": float(model.intercept_[0]),
        "coefficients": model.coef_[0].tolist(),
        "objective": objective(Z, y, model.intercept_[0], model.coef_[0], C),
        "lbfgs_max_abs_difference": gap,
    }


def top_decile_lift(y, p, fraction=0.1):
    """Churn rate among the ceil(fraction * n) highest scores over the overall rate.
    Rows tied with the boundary score share the remaining places equally (expected value
    under random tie-breaking), so the result does not depend on row order."""
    n = len(y)
    k = int(np.ceil(fraction * n))
    threshold = np.sort(p)[::-1][k - 1]
    above = p > threshold
    tied = p == threshold
    positives = y[above].sum() + (k - above.sum()) * y[tied].mean()
    return float((positives / k) / y.mean())


def metrics_reference():
    rng = np.random.default_rng(7)
    n = 2000
    score = rng.standard_normal(n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1.5 + 1.3 * score)))).astype(int)
    p = np.round(1 / (1 + np.exp(-(-1.4 + 1.1 * score))), 2)  # ties
    p[:5] = 0.0
    p[5:10] = 1.0
    p[10:20] = 0.3  # exactly on a reliability bin edge
    lines = ["churned,probability"] + [f"{int(a)},{repr(float(b))}" for a, b in zip(y, p)]
    (FIXTURES / "scores.csv").write_text("\n".join(lines) + "\n")

    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
    bins = np.linspace(0.0, 1.0, 11)
    binids = np.searchsorted(bins[1:-1], p)
    counts = np.bincount(binids, minlength=10)
    nonzero = counts > 0
    ece = float(np.sum(counts[nonzero] / n * np.abs(prob_true - prob_pred)))
    fpr, tpr, thr = roc_curve(y, p)
    fpr_all, tpr_all, thr_all = roc_curve(y, p, drop_intermediate=False)
    return {
        "fixture": "scores.csv",
        "auc": float(roc_auc_score(y, p)),
        "brier": float(brier_score_loss(y, p)),
        "log_loss": float(log_loss(y, p)),
        "ece": ece,
        "top_decile_lift": top_decile_lift(y, p),
        "reliability": {
            "mean_predicted": prob_pred.tolist(),
            "fraction_positive": prob_true.tolist(),
            "count": counts[nonzero].astype(int).tolist(),
        },
        "roc": {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": [None if np.isinf(t) else float(t) for t in thr]},
        "roc_all": {"fpr": fpr_all.tolist(), "tpr": tpr_all.tolist()},
    }


def main():
    FIXTURES.mkdir(exist_ok=True)
    make_fixtures()
    fits = [
        fit_reference("basic.csv", 1.0),
        fit_reference("basic.csv", 0.01),
        fit_reference("missing.csv", 1.0),
        fit_reference("separable.csv", 1.0),
        fit_reference("separable.csv", 100.0),
    ]
    out = {
        "generator": "Tests/BearingCalibrationTests/reference/make_reference.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "fits": fits,
        "metrics": metrics_reference(),
    }
    (FIXTURES / "reference.json").write_text(json.dumps(out, indent=1) + "\n")
    for f in fits:
        print(f["fixture"], f["C"], round(f["intercept"], 6), [round(c, 6) for c in f["coefficients"]], "lbfgs gap", f["lbfgs_max_abs_difference"])
    m = out["metrics"]
    print({k: m[k] for k in ["auc", "brier", "log_loss", "ece", "top_decile_lift"]})


if __name__ == "__main__":
    main()
