#!/usr/bin/env python3
"""Writes the three analyst notebooks from the cell sources below (edit here, then run
`python3 Notebooks/build_notebooks.py`), so the .ipynb files stay reviewable and outputs-free."""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent

PARAMETERS = r'''# Parameters: every one can be set from the environment, so the notebook runs unedited on your
# own export (make the panel with `bearing panel`), e.g.
#   BEARING_HISTORY=own/history.csv BEARING_PLANS="plans/a.yaml:plans/b.yaml" jupyter nbconvert --execute ...
import os
from pathlib import Path

ROOT = Path(os.environ.get("BEARING_ROOT", Path.cwd()))
if ROOT.name == "Notebooks":
    ROOT = ROOT.parent
BEARING = Path(os.environ.get("BEARING", ROOT / ".build/release/bearing"))
OUT = Path(os.environ.get("BEARING_NOTEBOOK_OUT", ROOT / "out/notebooks"))
# Your history panel; empty: a history simulated from SCENARIO.
HISTORY = os.environ.get("BEARING_HISTORY", "")
SCENARIO = Path(os.environ.get("BEARING_SCENARIO", ROOT / "Scenarios/saas-agency.yaml"))
MILESTONES = Path(os.environ.get("BEARING_MILESTONES", ROOT / "Scenarios/milestones-saas-agency.yaml"))
# Plan files separated by ":"; empty: every plan in Scenarios/plans.
PLANS = [Path(p) for p in os.environ.get("BEARING_PLANS", "").split(":") if p] or sorted((ROOT / "Scenarios/plans").glob("*.yaml"))
'''

SETUP = r'''# Setup: two helpers, and the history (yours, or one simulated from the scenario).
import json, subprocess, time
import pandas as pd
import matplotlib
import matplotlib.ticker
import matplotlib.pyplot as plt  # the kernel's inline backend renders figures as PNG outputs

OUT.mkdir(parents=True, exist_ok=True)
if not BEARING.exists():
    raise FileNotFoundError(f"bearing binary not found at {BEARING}: run `swift build -c release` or set BEARING")

def bearing(*args):
    """Runs `bearing ARGS`, echoes its output, raises with its stderr when it fails."""
    cmd = [str(BEARING), *map(str, args)]
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stderr}")
    print(f"$ bearing {' '.join(map(str, args))}   ({time.time() - t0:.1f} s)")
    print(r.stdout[-3000:])
    return r.stdout

def expect(path):
    """The output a cell needs; fails loudly when a command did not write it."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        raise FileNotFoundError(f"expected output {path} is missing or empty")
    return path

if HISTORY:
    HISTORY = Path(HISTORY)
else:
    # One simulated history shared by the notebooks (20 trials are plenty for one panel).
    HISTORY = OUT / "simulate/history.csv"
    if not HISTORY.exists():
        bearing("simulate", SCENARIO, "--seed", 7, "--trials", 20, "--out", OUT / "simulate", "--quiet")
expect(HISTORY)
history = pd.read_csv(HISTORY, usecols=lambda c: c in {"customer_id", "period", "segment", "fit", "csm_id", "arr", "churned", "expansion_arr"})
periods = sorted(history["period"].unique())
print(f"{len(history):,} customer-periods, {history['customer_id'].nunique():,} customers, {periods[0]}..{periods[-1]}")
'''

NOTEBOOKS = {
    "01-tune-weights.ipynb": [
        ("md", "# 01 — Tune the Success Vector weights\n\nFit the vector's weights on our churn history, check out of time that they beat the plain health score, and see which features carry direction and magnitude.\n\nRuns `bearing calibrate`, `bearing backtest` and `bearing score` on a simulated history (set `BEARING_SCENARIO` or point `HISTORY` at a real export)."),
        ("code", PARAMETERS),
        ("code", SETUP),
        ("md", "## Calibrate on all but the last two periods\nThe last two periods stay out of the fit, so they can be scored out of time."),
        ("code", r'''until = periods[-3]
WEIGHTS = OUT / "tune/weights.json"
WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
bearing("calibrate", HISTORY, "--model", "vector", "--until", until, "--out", WEIGHTS, "--quiet")
weights = json.loads(expect(WEIGHTS).read_text())
features = pd.DataFrame(weights["features"])[["name", "group", "direction", "magnitude", "missing"]]
features'''),
        ("code", r'''fig, ax = plt.subplots(figsize=(10, 5))
f = features.set_index("name")[["direction", "magnitude"]]
f = f[(f != 0).any(axis=1)].sort_values("direction")
f.plot.barh(ax=ax)
ax.set_title("Calibrated weights per standardised feature")
ax.set_xlabel("weight (per standard deviation of the feature)")
ax.axvline(0, color="grey", lw=0.8)
plt.tight_layout(); plt.show()'''),
        ("md", "## Walk-forward backtest: vector vs logistic vs health score"),
        ("code", r'''bearing("backtest", HISTORY, "--models", "vector,logistic,health", "--out", OUT / "tune/backtest", "--quiet")
bt = json.loads(expect(OUT / "tune/backtest/backtest.json").read_text())["backtest"]
rows = [{"period": p["period"], "model": r["model"], **r["metrics"]} for p in bt["periods"] for r in p["results"]]
by_period = pd.DataFrame(rows)
overall = pd.DataFrame([{"model": r["model"], **r["metrics"]} for r in bt["overall"]]).set_index("model")
overall[["auc", "brier", "log_loss", "expected_calibration_error", "top_decile_lift"]].round(4)'''),
        ("code", r'''fig, axes = plt.subplots(1, 2, figsize=(13, 4.5))
for metric, ax in zip(["auc", "brier"], axes):
    by_period.pivot(index="period", columns="model", values=metric).plot(ax=ax, marker="o")
    ax.set_title({"auc": "AUC by forecast period (higher is better)", "brier": "Brier score by period (lower is better)"}[metric])
    ax.set_xlabel("forecast period"); ax.grid(alpha=0.3)
plt.tight_layout(); plt.show()'''),
        ("code", r'''cat = pd.DataFrame([{"model": r["model"], **g} for r in bt["overall"] for g in r["churn_by_category"]])
ax = cat.pivot(index="group", columns="model", values="churn_rate").loc[["ghost", "negative", "neutral", "positive"]].plot.bar(figsize=(8, 4))
ax.set_title("Churn rate by vector category (must order ghost > negative > neutral > positive)")
ax.set_ylabel("churn rate per period"); ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
plt.tight_layout(); plt.show()'''),
        ("md", "## Score every period with the tuned weights"),
        ("code", r'''bearing("score", HISTORY, "--weights", WEIGHTS, "--out", OUT / "tune/scores.csv", "--quiet")
scores = pd.read_csv(expect(OUT / "tune/scores.csv"))
last = scores[scores["period"] == scores["period"].max()]
fig, ax = plt.subplots(figsize=(7, 6))
colours = {"positive": "#2e7d32", "neutral": "#e0a100", "negative": "#c62828", "ghost": "#7b7b7b"}
sample = last.sample(min(len(last), 2000), random_state=1)
ax.scatter(sample["direction"], sample["magnitude"], s=6, c=sample["category"].map(colours))
ax.set_xlabel("direction"); ax.set_ylabel("magnitude"); ax.set_title(f"Vector map, {last['period'].iloc[0]}")
plt.tight_layout(); plt.show()
scores.groupby("period")["category"].value_counts(normalize=True).unstack().round(3)'''),
    ],
    "02-quota-vs-vector.ipynb": [
        ("md", "# 02 — Quota forecast vs vector forecast\n\nWalk forward over past periods: the top-down expansion quota forecast and the bottom-up milestone-cohort vector forecast, against what actually happened. Then the next period's forecast with its milestone cohorts.\n\nRuns `bearing calibrate`, `bearing compare-forecasts` and `bearing forecast`."),
        ("code", PARAMETERS),
        ("code", SETUP),
        ("code", r'''WEIGHTS = OUT / "forecasts/weights.json"
WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
bearing("calibrate", HISTORY, "--model", "vector", "--until", periods[-3], "--out", WEIGHTS, "--quiet")
# The quota to compare with: a rate per period of book ARR ("0.05"), a quota file of annual
# targets per segment ("Scenarios/examples/quota.yaml"), or "trailing" (Bearing's default: each
# segment's observed expansion rate over the previous 4 periods). BEARING_QUOTA overrides it.
QUOTA = os.environ.get("BEARING_QUOTA", "trailing")
bearing("compare-forecasts", HISTORY, "--weights", expect(WEIGHTS), "--milestones", MILESTONES, "--quota", QUOTA,
        "--trials", 500, "--out", OUT / "forecasts/compare", "--quiet")
cmp = pd.read_csv(expect(OUT / "forecasts/compare/comparison.csv"))
cmp.head()'''),
        ("code", r'''segments = ["all"] + sorted(s for s in cmp["segment"].unique() if s != "all")
fig, axes = plt.subplots(len(segments), 1, figsize=(11, 3.6 * len(segments)), sharex=True)
for seg, ax in zip(segments, axes):
    d = cmp[cmp["segment"] == seg]
    x = range(len(d))
    ax.fill_between(x, d["vector_p10"], d["vector_p90"], alpha=0.25, label="vector P10-P90")
    ax.plot(x, d["vector_p50"], marker="o", label="vector P50")
    ax.plot(x, d["quota_expansion_arr"], ls="--", marker="o", label=f"quota ({QUOTA})")
    ax.plot(x, d["actual_expansion_arr"], color="black", marker="o", label="actual")
    ax.set_title(f"Expansion ARR per period, {seg}"); ax.set_ylabel("$")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"${v/1e6:.1f}M"))
    ax.set_xticks(list(x), d["period"]); ax.grid(alpha=0.3)
axes[0].legend(loc="upper right")
plt.tight_layout(); plt.show()'''),
        ("code", r'''comparison = json.loads(expect(OUT / "forecasts/compare/comparison.json").read_text())["comparison"]
# The quota as applied, per segment and period (the rate observed, or the target's share).
display(pd.DataFrame(comparison["quota"]["segments"]).pivot(index="period", columns="segment", values="quota_expansion_arr").round(0))
summary = pd.DataFrame(comparison["summaries"])
summary.set_index("segment")[["periods", "quota_mape", "vector_mape", "quota_bias", "vector_bias", "coverage"]].round(3)'''),
        ("md", "## Next period: vector forecast with its milestone cohorts"),
        ("code", r'''bearing("forecast", HISTORY, "--weights", WEIGHTS, "--milestones", MILESTONES, "--quota", QUOTA,
        "--trials", 1000, "--out", OUT / "forecasts/next", "--quiet")
cohorts = pd.read_csv(expect(OUT / "forecasts/next/milestone-cohorts.csv"))
table = cohorts.pivot_table(index="milestone", columns="category", values="expected_expansion_arr", aggfunc="sum").round(0)
ax = table.plot.bar(stacked=True, figsize=(9, 4))
ax.set_title(f"Expected expansion ARR by milestone cohort, {cohorts['period'].iloc[0]}"); ax.set_ylabel("$")
plt.tight_layout(); plt.show()
table'''),
    ],
    "03-comp-stress-test.ipynb": [
        ("md", "# 03 — Compensation plans under stress\n\nReplay the candidate CSM compensation plans side by side on the history, then price them over simulated histories: what do they cost, how much does it vary, and do they pay the CSMs whose books retain and grow?\n\nRuns `bearing comp` with `--history` and `--stress`."),
        ("code", PARAMETERS),
        ("code", SETUP),
        ("code", r'''TRIALS = int(os.environ.get("BEARING_STRESS_TRIALS", 20))
# The stress test runs on a scenario fitted to your history (or on SCENARIO for a simulated one).
if os.environ.get("BEARING_HISTORY"):
    bearing("fit-scenario", HISTORY, "--out", OUT / "comp/fitted.yaml", "--compare-trials", 0, "--quiet")
    STRESS = OUT / "comp/fitted.yaml"
else:
    STRESS = SCENARIO
bearing("comp", *PLANS, "--history", HISTORY, "--milestones", MILESTONES, "--stress", STRESS,
        "--trials", TRIALS, "--seed", 3, "--out", OUT / "comp", "--quiet")
report = json.loads(expect(OUT / "comp/comparison.json").read_text())
side_by_side = pd.DataFrame({p["name"]: {k: v for k, v in p["summary"].items() if not isinstance(v, dict)} for p in report["plans"]})
side_by_side'''),
        ("code", r'''payouts = pd.read_csv(expect(OUT / "comp/payouts.csv"))
per_csm = payouts.groupby(["plan", "csm_id"]).agg(total=("total", "sum"), start_arr=("start_arr", "sum"),
    expansion=("expansion_arr", "sum"), contraction=("contraction_arr", "sum"), churned=("churned_arr", "sum")).reset_index()
per_csm["nrr"] = (per_csm["start_arr"] + per_csm["expansion"] - per_csm["contraction"] - per_csm["churned"]) / per_csm["start_arr"]
fig, ax = plt.subplots(figsize=(9, 5))
for plan, d in per_csm.groupby("plan"):
    ax.scatter(d["nrr"], d["total"], label=plan, s=25)
ax.set_xlabel("NRR of the CSM's book (summed over paid periods)"); ax.set_ylabel("total pay ($)")
ax.set_title("Pay vs performance per CSM"); ax.legend(); ax.grid(alpha=0.3)
plt.tight_layout(); plt.show()'''),
        ("code", r'''trials = pd.read_csv(expect(OUT / "comp/stress-trials.csv"))
fig, axes = plt.subplots(1, 2, figsize=(13, 4.5))
for plan, d in trials.groupby("plan"):
    axes[0].hist(d["total_cost"] / 1e6, bins=15, alpha=0.5, label=plan)
    axes[1].hist(d["pay_performance_correlation"], bins=15, alpha=0.5, label=plan)
axes[0].set_title(f"Total plan cost over {TRIALS} simulated histories"); axes[0].set_xlabel("$M")
axes[1].set_title("Pay-performance rank correlation"); axes[1].set_xlabel("Spearman rho")
axes[0].legend()
plt.tight_layout(); plt.show()
stress = json.loads(expect(OUT / "comp/stress.json").read_text())
pd.DataFrame({p["stress"]["plan_name"]: {f"total cost {q}": p["stress"]["total_cost"][q] for q in ("p5", "p50", "p95")} for p in stress["plans"]}).round(0)'''),
    ],
}


def cell(kind, source):
    lines = source.splitlines(keepends=True)
    if kind == "md":
        return {"cell_type": "markdown", "metadata": {}, "source": lines}
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": lines}


for name, cells in NOTEBOOKS.items():
    nb = {
        "cells": [cell(k, s) for k, s in cells],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for i, c in enumerate(nb["cells"]):
        c["id"] = f"{name[:2]}-{i:02d}"
    (HERE / name).write_text(json.dumps(nb, indent=1) + "\n")
    print("wrote", HERE / name)
