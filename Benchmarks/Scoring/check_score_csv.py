"""Checks that `bearing score` output reads into pandas with no glue.

    python3 Benchmarks/Scoring/check_score_csv.py scores.csv
"""
import json
import sys

import pandas as pd

path = sys.argv[1]
scores = pd.read_csv(path)
required = ["customer_id", "period", "direction", "magnitude", "category", "cohort", "churn_probability"]
assert list(scores.columns[: len(required)]) == required, scores.columns
for column in ["direction", "magnitude", "churn_probability"]:
    assert scores[column].dtype == "float64", (column, scores[column].dtype)
assert scores["direction"].between(-1, 1).all()
assert scores["magnitude"].between(0, 1).all()
assert scores["churn_probability"].between(0, 1).all()
assert set(scores["category"]) <= {"positive", "neutral", "negative", "ghost"}
summary = json.load(open(path[: -len(".csv")] + ".summary.json"))
assert summary["rows"] == len(scores)
print(f"ok: {len(scores)} rows, {len(scores.columns)} columns")
print(scores.groupby("category")["churn_probability"].mean().round(4).to_string())
