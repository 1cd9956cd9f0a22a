#!/usr/bin/env python3
"""Writes docs/schemas/*.schema.json (JSON Schema 2020-12) for every JSON file Bearing writes.

Each schema is derived from real outputs of the current build (`regenerate.sh` runs the workbench
on two small scenarios, `simulate --shard` and `retention --out`) and from the Swift sources: a
key is required unless its Swift property is an Optional (which the encoder leaves out when nil). Objects are
closed (`additionalProperties: false`) and their keys must be snake_case, so a renamed, added or
camelCase key fails the tests (`Tests/BearingContractsTests`, which validate real outputs against
these files) until the schema is regenerated and reviewed:

    bash docs/schemas/regenerate.sh BEARING_BINARY
"""
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
SOURCES = HERE.parent.parent / "Sources"
# Objects keyed by data (feature, category, metric or definition names), not by properties.
DICTIONARIES = {"categories", "missing", "metrics", "definitions"}


def snake(name):
    out = ""
    for i, c in enumerate(name):
        if i > 0 and c.isupper():
            p, n = name[i - 1], name[i + 1] if i + 1 < len(name) else ""
            if p.islower() or p.isdigit() or (p.isupper() and n.islower()):
                out += "_"
        out += c.lower()
    return out


def optional_properties():
    names = set()
    for path in SOURCES.rglob("*.swift"):
        for m in re.finditer(r"\bvar (\w+): [^=\n{]*\?\s*(?:=|$|\n)", path.read_text()):
            names.add(snake(m.group(1)))
    return names


OPTIONAL = optional_properties()
# Optional keys that a sample may not show but that come with a key it does (a metric marked
# `insufficient` may carry its `reason`; a coverage may carry a warning).
COMPANIONS = {
    "insufficient": {"reason": {"type": "string"}},
    "coverage": {"coverage_warning": {"type": "string"}},
    "tolerance": {"warning": {"type": "string"}},
}
# The same for objects found under a key (a failed book check carries a suggestion).
KEYED_COMPANIONS = {
    "book_check": {"suggestion": {"type": "string"}},
}
# Elements of arrays a sample may leave empty.
ARRAY_ITEMS = {"shocks": {"type": "string"}}


def schema(value, key=None):
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, (int, float)) or value is None:
        return {"type": ["number", "null"]}
    if isinstance(value, str):
        return {"type": "string"}
    if isinstance(value, list):
        return {"type": "array", "items": merge([schema(v) for v in value]) if value else ARRAY_ITEMS.get(key, {})}
    if key in DICTIONARIES:
        return {"type": "object", "additionalProperties": merge([schema(v) for v in value.values()]) if value else {}}
    properties = {k: schema(v, k) for k, v in value.items()}
    for marker, companions in COMPANIONS.items():
        if marker in value:
            for name, sub in companions.items():
                properties.setdefault(name, sub)
    for name, sub in KEYED_COMPANIONS.get(key, {}).items():
        properties.setdefault(name, sub)
    return {
        "type": "object",
        "properties": dict(sorted(properties.items())),
        "required": sorted(k for k in value if k not in OPTIONAL),
        "additionalProperties": False,
        "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
    }


def merge(schemas):
    """One schema accepting every element of an array (objects: union of keys)."""
    first = schemas[0]
    if first.get("type") == "array":
        items = [s["items"] for s in schemas if s.get("type") == "array" and s.get("items")]
        return {"type": "array", "items": merge(items) if items else first["items"]}
    if first.get("type") != "object" or "properties" not in first:
        return first
    properties, required = {}, set(first["required"])
    for s in schemas:
        if "properties" not in s:
            continue
        for k, v in s["properties"].items():
            properties[k] = merge([properties[k], v]) if k in properties else v
        required &= set(s["required"])
    out = dict(first)
    out["properties"] = dict(sorted(properties.items()))
    out["required"] = sorted(required)
    return out


def write(name, sample_paths, title):
    values = [json.load(open(p)) for p in sample_paths]
    s = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **merge([schema(v) for v in values])}
    (HERE / f"{name}.schema.json").write_text(json.dumps(s, indent=1) + "\n")
    print("wrote", HERE / f"{name}.schema.json")


def main(shard, retention, *outs):
    outs = [pathlib.Path(o) for o in outs]
    files = {
        "summary": ("simulate/summary.json", "simulate: summary.json"),
        "weights": ("calibrate/weights.json", "calibrate: weights.json"),
        "backtest": ("backtest/backtest.json", "backtest: backtest.json"),
        "scores-summary": ("score/scores.summary.json", "score: scores.summary.json"),
        "forecast": ("forecast/forecast.json", "forecast: forecast.json"),
        "forecast-comparison": ("compare-forecasts/comparison.json", "compare-forecasts: comparison.json"),
        "comp-comparison": ("comp/comparison.json", "comp --history: comparison.json"),
        "stress": ("comp/stress.json", "comp --stress: stress.json"),
        "workbench": ("workbench.json", "workbench: workbench.json"),
    }
    for name, (path, title) in files.items():
        write(name, [o / path for o in outs], title)
    write("shard", [pathlib.Path(shard) / "shard.json"], "simulate --shard: shard.json")
    write("retention", [pathlib.Path(retention)], "retention --out")


if __name__ == "__main__":
    main(*sys.argv[1:])
