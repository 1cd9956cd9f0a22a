#!/usr/bin/env python3
"""scikit-learn's logistic regression on the same walk-forward as `bearing backtest`, and a
before/after comparison of two backtest.json files.

    python3 Backtest/compare_backtest.py HISTORY [--runs 3]
        Expanding window, 2 training periods: for every later period t, StandardScaler
        (NaN ignored, then filled with 0 = the training mean) and LogisticRegression(C=1,
        lbfgs, max_iter=1000) fitted on the rows before t, probabilities for the rows of t.
        Prints the wall time of the whole loop (CSV reading excluded, scaling included), best
        of `runs`, and the pooled AUC (compare with Bearing's logistic model).

    python3 Backtest/compare_backtest.py --diff A.json B.json [--tolerance 1e-6]
        Largest absolute difference of every number two backtest.json files share, path by
        path; exits 1 if one exceeds the tolerance or the structures differ.
"""
import json
import os
import sys
import time

# One BLAS thread: on the 2-core machine more threads only oversubscribe (17 s instead of 2.9 s
# for the 40k-row panel); set OPENBLAS_NUM_THREADS to try otherwise.
for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(name, "1")


def walk_forward(path, runs):
    import numpy as np
    import pandas as pd
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import StandardScaler

    df = pd.read_csv(path)
    df = df[df["churned"].notna()]
    features = [c for c in df.columns if c.split(".")[0] in ("outcome", "experience", "engagement", "attribute")]
    periods = sorted(df["period"].unique())
    x_all = df[features].to_numpy(dtype=np.float64)
    y_all = df["churned"].to_numpy(dtype=np.int64)
    period_index = df["period"].map({p: i for i, p in enumerate(periods)}).to_numpy()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        labels, scores = [], []
        for k in range(2, len(periods)):
            train = period_index < k
            test = period_index == k
            scaler = StandardScaler().fit(x_all[train])
            xt = np.nan_to_num(scaler.transform(x_all[train]), nan=0.0)
            xs = np.nan_to_num(scaler.transform(x_all[test]), nan=0.0)
            model = LogisticRegression(C=1.0, max_iter=1000).fit(xt, y_all[train])
            scores.append(model.predict_proba(xs)[:, 1])
            labels.append(y_all[test])
        best = min(best, time.perf_counter() - start)
    auc = roc_auc_score(np.concatenate(labels), np.concatenate(scores))
    print(f"scikit-learn LogisticRegression walk-forward: {len(df)} rows, {len(features)} features, "
          f"{len(periods) - 2} forecast periods: best {best:.3f} s of {runs}; pooled AUC {auc:.6f}")


def diff(a_path, b_path, tolerance):
    a = json.load(open(a_path))
    b = json.load(open(b_path))
    worst = {}
    problems = []

    def walk(x, y, path):
        if isinstance(x, dict) and isinstance(y, dict):
            if set(x) != set(y):
                problems.append(f"{path}: keys differ: {sorted(set(x) ^ set(y))}")
            for k in set(x) & set(y):
                walk(x[k], y[k], f"{path}.{k}")
        elif isinstance(x, list) and isinstance(y, list):
            if len(x) != len(y):
                problems.append(f"{path}: lengths {len(x)} and {len(y)}")
            for i, (u, v) in enumerate(zip(x, y)):
                walk(u, v, f"{path}[]")
        elif isinstance(x, (int, float)) and isinstance(y, (int, float)) and not isinstance(x, bool):
            worst[path] = max(worst.get(path, 0.0), abs(x - y))
        elif x != y:
            problems.append(f"{path}: {x!r} != {y!r}")

    walk(a, b, "")
    for path, d in sorted(worst.items(), key=lambda kv: -kv[1])[:15]:
        print(f"{d:12.3e}  {path}")
    for p in problems[:20]:
        print("DIFFERENT", p)
    largest = max(worst.values(), default=0.0)
    print(f"largest difference {largest:.3e} (tolerance {tolerance:g}); {len(problems)} structural difference(s)")
    return 0 if largest <= tolerance and not problems else 1


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--diff":
        tol = float(args[args.index("--tolerance") + 1]) if "--tolerance" in args else 1e-6
        sys.exit(diff(args[1], args[2], tol))
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    walk_forward(args[0], runs)
