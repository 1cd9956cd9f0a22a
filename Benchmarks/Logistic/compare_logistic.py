#!/usr/bin/env python3
"""Times scikit-learn's L2 logistic regression (lbfgs) against bench-logistic on the same data.

    cd Benchmarks && python3 Logistic/compare_logistic.py [--rows N] [--runs K]

Builds and runs `bench-logistic --write DIR` (BEARING_NATIVE=1, release), which generates the
1,000,000 x 16 design, fits it, and writes the data as .npy plus its own timings; then fits the
same data with sklearn LogisticRegression(C=1, solver='lbfgs') at its default tol (1e-4) and at
a tight tol, best of K runs each, and prints both times, the ratio, and the largest coefficient
difference. Timings share the machine with whatever else runs: best of K, one invocation.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

HERE = pathlib.Path(__file__).resolve().parent


def best_time(fn, runs):
    """Best wall time and best CPU time (process, all threads) over runs."""
    best, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best, best_cpu, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    env = dict(os.environ, BEARING_NATIVE="1")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["swift", "run", "-c", "release", "bench-logistic", "--rows", str(args.rows),
               "--runs", str(args.runs), "--write", tmp]
        out = subprocess.run(cmd, cwd=HERE.parent, env=env, check=True, capture_output=True, text=True)
        print(out.stdout, end="")
        ours = json.loads(pathlib.Path(tmp, "bearing_logistic.json").read_text())
        X32 = np.load(pathlib.Path(tmp, "logistic_X.npy"))
        y = np.load(pathlib.Path(tmp, "logistic_y.npy")).astype(np.int64)

    X = np.ascontiguousarray(X32, dtype=np.float64)  # what sklearn's lbfgs converts to anyway
    fit_default = lambda: LogisticRegression(C=ours["C"], solver="lbfgs").fit(X, y)
    fit_tight = lambda: LogisticRegression(C=ours["C"], solver="lbfgs", tol=1e-10, max_iter=10_000).fit(X, y)
    fit_from32 = lambda: LogisticRegression(C=ours["C"], solver="lbfgs").fit(X32, y)
    t_default, cpu_default, m_default = best_time(fit_default, args.runs)
    t_tight, _, m_tight = best_time(fit_tight, max(1, args.runs // 2))
    t_from32, _, _ = best_time(fit_from32, max(1, args.runs // 2))

    coef = np.r_[ours["intercept"], ours["coefficients"]]
    diff_tight = np.max(np.abs(coef - np.r_[m_tight.intercept_, m_tight.coef_[0]]))
    diff_default = np.max(np.abs(coef - np.r_[m_default.intercept_, m_default.coef_[0]]))
    print(f"scikit-learn {__import__('sklearn').__version__}, {args.rows} x {X.shape[1]}, best of {args.runs}")
    print(f"  sklearn lbfgs tol=1e-4 (default), float64 input  {t_default:8.3f} s  ({m_default.n_iter_[0]} iterations), max |coef diff| vs Bearing {diff_default:.1e}")
    print(f"  sklearn lbfgs tol=1e-4, float32 input (converts) {t_from32:8.3f} s")
    print(f"  sklearn lbfgs tol=1e-10                          {t_tight:8.3f} s  ({m_tight.n_iter_[0]} iterations), max |coef diff| vs Bearing {diff_tight:.1e}")
    print(f"  Bearing Newton (gradient tol 1e-10 n)            {ours['fit_seconds']:8.3f} s  ({ours['iterations']} Newton steps)")
    print(f"  Bearing standardise + Newton                     {ours['standardise_and_fit_seconds']:8.3f} s")
    print(f"  ratio Bearing / sklearn default lbfgs: {ours['fit_seconds'] / t_default:.2f}x wall (target <= 0.5x), "
          f"{ours['fit_cpu_seconds'] / cpu_default:.2f}x CPU ({ours['fit_cpu_seconds']:.3f} s vs {cpu_default:.3f} s)")
    print(f"  ratio Bearing / sklearn tight lbfgs:   {ours['fit_seconds'] / t_tight:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
