#!/usr/bin/env python3
"""Bearing end to end against pandas+numpy, polars and pyarrow, in one run, with ratios.

    python3 Benchmarks/EndToEnd/compare_end_to_end.py [--history H.csv] [--scale 10] [--reps 5]
        [--bearing .build/release/bearing] [--skip-backtest] [--json OUT.json]

Without --history, builds a history the way the issue measured it: saas-agency with every
segment's customer count multiplied by --scale (10 gives ~817k rows, 186 MB), simulated with
seed 1, one trial. Then times, interleaved and best (and median) of --reps runs each:

  score     `bearing score H --out scores.csv` (read, index, score, cohort table, write the
            76 MB output and its summary) vs pandas.read_csv + numpy doing the same scoring
            (standardise every feature on the panel ignoring missing cells, impute z = 0, the
            direction and magnitude dot products, tanh, logistic, the category thresholds and
            the ghost rule, the churn link) without writing anything;
  read      Bearing's panel reader alone (`bench-panel-load H`: the file's bytes parsed in
            memory, 1 and 2 threads, when the Benchmarks package has it built) vs
            polars.read_csv (all cores), pyarrow.csv (threaded) and pandas.read_csv, each also
            parsing the file's bytes held in memory (BytesIO), so no reader pays for the disk;
  backtest  `bearing backtest H --out DIR` (3 models: vector with cross-validated C, logistic,
            health; bootstrap intervals) vs scikit-learn's LogisticRegression alone on the same
            expanding walk-forward (Backtest/compare_backtest.py; CSV reading excluded there).

Wall times (this is a 2-core shared machine: read the ratios of one run, not the seconds).
A ratio above 1 means Bearing is faster.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(name, "1")

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH_DIR = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH_DIR)
sys.path.insert(0, os.path.join(BENCH_DIR, "Backtest"))


def timed(fn, reps):
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def run(command):
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")


def make_history(bearing, scale, work):
    scenario = open(os.path.join(ROOT, "Scenarios", "saas-agency.yaml")).read()
    scaled = re.sub(r"(\n\s+customers: )(\d+)", lambda m: m.group(1) + str(int(m.group(2)) * scale), scenario)
    path = os.path.join(work, "scaled.yaml")
    with open(path, "w") as f:
        f.write(scaled)
    run([bearing, "simulate", path, "--seed", "1", "--trials", "1", "--out", os.path.join(work, "sim")])
    return os.path.join(work, "sim", "history.csv")


def numpy_score(path):
    """pandas.read_csv, then the default-weights scoring Bearing does, in float32 numpy."""
    import numpy as np
    import pandas as pd

    df = pd.read_csv(path, low_memory=False)
    features = [c for c in df.columns if c.split(".")[0] in ("outcome", "experience", "engagement")]
    x = df[features].to_numpy(dtype=np.float32)
    mean = np.nanmean(x, axis=0)
    std = np.nanstd(x, axis=0)
    std[std == 0] = 1
    z = np.nan_to_num((x - mean) / std, nan=0.0)
    signs = np.ones(len(features), dtype=np.float32)
    direction_w = signs / np.sqrt(len(features))
    outcome = np.array([f.startswith("outcome.") for f in features])
    magnitude_w = np.where(outcome, 0.0, 1.0).astype(np.float32) / max(1, int((~outcome).sum()))
    d_raw = z @ direction_w
    m_raw = z @ magnitude_w
    direction = np.tanh(d_raw)
    magnitude = 1 / (1 + np.exp(-m_raw))
    engagement = np.array([f.startswith("engagement.") for f in features])
    ghost = (z[:, engagement] < -1.0).sum(axis=1) >= engagement.sum() // 2
    category = np.where(ghost, 3, np.where(direction > 0.2, 0, np.where(direction < -0.2, 2, 1)))
    churn = 1 / (1 + np.exp(-(-2.5 - 1.2 * d_raw)))
    return len(df), float(churn.sum() + category.sum() + magnitude.sum())


def bench_panel_load():
    for build in ("release", "x86_64-unknown-linux-gnu/release", "aarch64-unknown-linux-gnu/release"):
        path = os.path.join(BENCH_DIR, ".build", build, "bench-panel-load")
        if os.path.exists(path):
            return path
    return None


def bearing_reader(path, reps):
    """Best wall seconds of the in-memory parse on 1 and 2 threads, from bench-panel-load's
    `N thread(s): best S s wall` lines."""
    tool = bench_panel_load()
    if tool is None:
        return None
    out = subprocess.run([tool, path], capture_output=True, text=True, env=dict(os.environ, BENCH_RUNS=str(reps)))
    found = {}
    for line in out.stdout.splitlines():
        m = re.match(r"(\d+) threads?: best ([0-9.]+) s wall", line)
        if m:
            found[int(m.group(1))] = float(m.group(2))
    if "panels equal on 1 and 2 threads: true" not in out.stdout:
        print("warning: bench-panel-load did not report equal panels on 1 and 2 threads")
    return found or None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--history")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--bearing", default=os.path.join(ROOT, ".build", "release", "bearing"))
    parser.add_argument("--skip-backtest", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    if not os.path.exists(args.bearing):
        sys.exit(f"{args.bearing} not found: run `swift build -c release --product bearing` at the root first")

    work = tempfile.mkdtemp(prefix="bearing-e2e-")
    try:
        history = args.history or make_history(args.bearing, args.scale, work)
        size_mb = os.path.getsize(history) / 1e6
        rows = sum(1 for _ in open(history, "rb")) - 1
        print(f"history: {history} ({rows:,} rows, {size_mb:.0f} MB); load average {os.getloadavg()[0]:.1f}")
        results = {"rows": rows, "megabytes": size_mb}

        scores = os.path.join(work, "scores.csv")
        score_cmd = [args.bearing, "score", history, "--out", scores, "--quiet"]
        bearing_score = timed(lambda: run(score_cmd), args.reps)
        pandas_score = timed(lambda: numpy_score(history), args.reps)
        results["score"] = {"bearing": bearing_score, "pandas_numpy": pandas_score,
                            "ratio": pandas_score[0] / bearing_score[0]}
        print(f"score     bearing {bearing_score[0]:.3f} s (median {bearing_score[1]:.3f}), "
              f"writing {os.path.getsize(scores) / 1e6:.0f} MB | pandas+numpy {pandas_score[0]:.3f} s "
              f"(median {pandas_score[1]:.3f}), writing nothing | ratio {results['score']['ratio']:.2f}x")

        import io

        import pandas as pd
        import polars as pl
        import pyarrow as pa
        import pyarrow.csv as pacsv

        data = open(history, "rb").read()
        readers = {
            "polars": timed(lambda: pl.read_csv(io.BytesIO(data), infer_schema_length=10000), args.reps),
            "pyarrow": timed(lambda: pacsv.read_csv(pa.BufferReader(data)), args.reps),
            "pandas": timed(lambda: pd.read_csv(io.BytesIO(data), low_memory=False), args.reps),
        }
        del data
        own = bearing_reader(history, args.reps)
        results["read"] = {name: value for name, value in readers.items()}
        line = " | ".join(f"{name} {best:.3f} s ({size_mb / best:.0f} MB/s)" for name, (best, _) in readers.items())
        if own:
            results["read"]["bearing"] = own
            mine = " | ".join(f"bearing {n} thread(s) {s:.3f} s ({size_mb / s:.0f} MB/s)" for n, s in sorted(own.items()))
            fastest = min(own.values())
            print(f"read      {mine} | {line}")
            print(f"          bearing vs polars {readers['polars'][0] / fastest:.2f}x, vs pyarrow "
                  f"{readers['pyarrow'][0] / fastest:.2f}x, vs pandas {readers['pandas'][0] / fastest:.2f}x")
        else:
            print(f"read      {line} (bench-panel-load not built: `cd Benchmarks && BEARING_NATIVE=1 swift build -c release`)")

        if not args.skip_backtest:
            out = os.path.join(work, "backtest")
            bearing_backtest = timed(lambda: run([args.bearing, "backtest", history, "--out", out, "--quiet"]), max(1, args.reps // 2))
            from compare_backtest import walk_forward

            start = time.perf_counter()
            walk_forward(history, 1)
            sklearn_total = time.perf_counter() - start
            results["backtest"] = {"bearing": bearing_backtest, "sklearn_lr_with_read": sklearn_total}
            print(f"backtest  bearing 3 models {bearing_backtest[0]:.3f} s (median {bearing_backtest[1]:.3f}, CSV read "
                  f"included) | scikit-learn LR alone {sklearn_total:.3f} s including pandas.read_csv "
                  f"(loop alone printed above) | ratio {sklearn_total / bearing_backtest[0]:.2f}x")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(results, f, indent=2, sort_keys=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
