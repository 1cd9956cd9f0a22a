#!/usr/bin/env python3
"""Executes the analyst notebooks headlessly with nbclient and fails loudly.

    python3 Notebooks/run_notebooks.py [NOTEBOOK...]

Environment: BEARING (binary, default .build/release/bearing), BEARING_NOTEBOOK_OUT (outputs,
default out/notebooks), and the notebooks' parameters: BEARING_HISTORY (your panel; default a
simulated one), BEARING_PLANS, BEARING_MILESTONES, BEARING_SCENARIO. Each notebook runs with the repository root as working folder; the
executed copies are written to $BEARING_NOTEBOOK_OUT/executed/. A notebook fails when a cell
raises, when it draws no figure, or when any file listed in EXPECTED is missing or empty.
"""
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = pathlib.Path(os.environ.get("BEARING_NOTEBOOK_OUT", ROOT / "out/notebooks")).resolve()

# Outputs each notebook must leave behind (relative to OUT).
EXPECTED = {
    "01-tune-weights.ipynb": ["tune/weights.json", "tune/backtest/backtest.json", "tune/scores.csv"]
    + ([] if os.environ.get("BEARING_HISTORY") else ["simulate/history.csv"]),
    "02-quota-vs-vector.ipynb": ["forecasts/weights.json", "forecasts/compare/comparison.csv",
                                 "forecasts/compare/comparison.json", "forecasts/next/forecast.json",
                                 "forecasts/next/milestone-cohorts.csv"],
    "03-comp-stress-test.ipynb": ["comp/comparison.json", "comp/payouts.csv", "comp/stress.json", "comp/stress-trials.csv"]
    + (["comp/fitted.yaml"] if os.environ.get("BEARING_HISTORY") else []),
}


def run(path: pathlib.Path) -> list[str]:
    problems = []
    nb = nbformat.read(path, as_version=4)
    env_root = os.environ.setdefault("BEARING_ROOT", str(ROOT))
    os.environ.setdefault("BEARING_NOTEBOOK_OUT", str(OUT))
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": env_root}})
    started = time.time()
    try:
        client.execute()
    except CellExecutionError as error:
        problems.append(f"a cell raised:\n{str(error)[-3000:]}")
    executed = OUT / "executed" / path.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, executed)
    figures = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"cell output has an error: {output.get('ename')}: {output.get('evalue')}")
            if "image/png" in output.get("data", {}):
                figures += 1
    if figures == 0:
        problems.append("no figure was drawn (no image/png output)")
    for rel in EXPECTED.get(path.name, []):
        f = OUT / rel
        if not f.exists() or f.stat().st_size == 0:
            problems.append(f"expected output missing or empty: {f}")
    status = "FAILED" if problems else "ok"
    print(f"{path.name}: {status} in {time.time() - started:.1f} s, {figures} figure(s); executed copy {executed}", flush=True)
    return problems


def main() -> int:
    names = sys.argv[1:] or sorted(p.name for p in HERE.glob("[0-9][0-9]-*.ipynb"))
    if not names:
        print("run_notebooks: no notebooks found", file=sys.stderr)
        return 1
    failed = {}
    for name in names:
        path = (HERE / name) if not os.path.isabs(name) and (HERE / name).exists() else pathlib.Path(name)
        if not path.exists():
            failed[name] = [f"{path} does not exist"]
            continue
        problems = run(path)
        if problems:
            failed[name] = problems
    if failed:
        print("\nrun_notebooks: FAILED", file=sys.stderr)
        for name, problems in failed.items():
            for p in problems:
                print(f"  {name}: {p}", file=sys.stderr)
        return 1
    print(f"run_notebooks: all {len(names)} notebook(s) ran and wrote their outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
