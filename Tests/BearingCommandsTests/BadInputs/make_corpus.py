#!/usr/bin/env python3
"""Writes the bad-input corpus next to this script from the base-* files.

Run from anywhere: python3 make_corpus.py. Each case is the base file with one thing broken;
cases.json (written by hand, checked by MergeCommandTests' sibling BadInputTests) records the
location and message each must produce. The > 1 MiB single-line CSV is generated at test time.
"""
import json, os, pathlib

here = pathlib.Path(__file__).resolve().parent
os.chdir(here)
H = open("base-history.csv", encoding="utf-8").read().splitlines()
header, rows = H[0], H[1:]
# A short valid panel: customer C000001's rows and C000002's (9 data rows at most).
small = [r for r in rows if r.startswith("C000001,") or r.startswith("C000002,")]


def csv(name, lines, raw=None):
    p = here / "csv" / name
    p.parent.mkdir(exist_ok=True)
    if raw is not None:
        p.write_bytes(raw)
    else:
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")


def field(row, index, value):
    f = row.split(",")
    f[index] = value
    return ",".join(f)


# columns: 0 customer_id 1 period 2 segment 3 fit 4 csm_id 5 arr 6 churned 7 expansion_arr
# 8 contraction_arr 9 milestone 10 milestone_reached 11 outcome.usage_trend 12 experience.nps
# 13 engagement.days_since_contact
s = small
csv("empty.csv", None, raw=b"")
csv("bom-only.csv", None, raw=b"\xef\xbb\xbf")
csv("blank-lines.csv", None, raw=b"\n\n\n")
csv("header-only.csv", [header])
csv("truncated-row.csv", [header] + s[:2], raw=("\n".join([header] + s[:2]) + "\n" + s[2][:25]).encode())
csv("extra-field.csv", [header, s[0], s[1] + ",7", s[2]])
csv("unterminated-quote.csv", [header, s[0], '"C000001,2024-Q2' + s[1][16:]])
csv("quote-in-unquoted.csv", [header, s[0], field(s[1], 2, 'Sm"all')])
csv("text-after-quote.csv", [header, s[0], field(s[1], 2, '"Small"x')])
csv("arr-text.csv", [header, s[0], field(s[1], 5, "lots")])
csv("arr-nan.csv", [header, s[0], field(s[1], 5, "NaN")])
csv("arr-inf.csv", [header, s[0], field(s[1], 5, "inf")])
csv("arr-negative.csv", [header, s[0], field(s[1], 5, "-5749")])
csv("arr-empty.csv", [header, s[0], field(s[1], 5, "")])
csv("arr-thousands-separator.csv", [header, s[0], field(s[1], 5, '"5,749"')])
csv("expansion-negative.csv", [header, s[0], field(s[1], 7, "-10")])
csv("contraction-nan.csv", [header, s[0], field(s[1], 8, "nan")])
csv("churned-two.csv", [header, s[0], field(s[1], 6, "2")])
csv("churned-text.csv", [header, s[0], field(s[1], 6, "yes")])
csv("milestone-reached-half.csv", [header, s[0], field(s[1], 10, "0.5")])
csv("feature-text.csv", [header, s[0], field(s[1], 11, "high")])
csv("feature-nan.csv", [header, s[0], field(s[1], 12, "NaN")])
csv("feature-inf.csv", [header, s[0], field(s[1], 13, "-Infinity")])
csv("duplicate-row.csv", [header, s[0], s[1], s[1]])
csv("unknown-fit.csv", [header, s[0], field(s[1], 3, "great")])
csv("empty-customer-id.csv", [header, s[0], field(s[1], 0, "")])
csv("row-after-churn.csv", [header, field(s[0], 6, "1"), s[1]])
csv("mixed-periods.csv", [header, s[0], field(s[1], 1, "2024-06")])
csv("bad-period.csv", [header, s[0], field(s[1], 1, "2024-Q5")])
csv("period-text.csv", [header, s[0], field(s[1], 1, "spring")])
csv("non-utf8.csv", None, raw=("\n".join([header, s[0]]) + "\n").encode() + field(s[1], 2, "Sm\xffall").encode("latin-1") + b"\n")
csv("missing-column.csv", [",".join(c for i, c in enumerate(header.split(",")) if i != 5)] + [",".join(c for i, c in enumerate(r.split(",")) if i != 5) for r in s[:2]])
csv("duplicate-column.csv", [header + ",experience.nps"] + [r + ",1" for r in s[:2]])
csv("unknown-column.csv", [header + ",health_score"] + [r + ",1" for r in s[:2]])
csv("quoted-newline-then-bad-arr.csv", [header, field(s[0], 2, '"Sm\nall"'), field(s[1], 5, "x")])
# Not UTF-8 text at all: the reader says what the file looks like instead of quoting its bytes.
utf8_text = "\n".join([header] + s[:2]) + "\n"
csv("utf16-bom.csv", None, raw=utf8_text.encode("utf-16"))  # with a byte order mark
csv("utf16-no-bom.csv", None, raw=utf8_text.encode("utf-16-le"))
csv("binary.csv", None, raw=bytes([0x1F, 0x8B, 0x08, 0x00]) + bytes(range(256)) * 4)
# Control characters in a cell and a header name are shown escaped, never echoed raw.
csv("escape-in-cell.csv", [header, s[0], field(s[1], 5, "12\x1b[31m")])
csv("tab-in-header.csv", [header + ",health\tscore"] + [r + ",1" for r in s[:2]])

# Scenarios: one edit of the base each.
base = open("base-scenario.yaml", encoding="utf-8").read()


def scenario(name, old, new, count=1):
    assert base.count(old) >= 1, (name, old)
    p = here / "scenario" / name
    p.parent.mkdir(exist_ok=True)
    p.write_text(base.replace(old, new, count), encoding="utf-8")


scenario("unknown-top-key.yaml", "latent:", "latnet:")
scenario("unknown-nested-key.yaml", "arr: {median: 5000, sigma: 0.5}", "arr: {mean: 5000, sigma: 0.5}")
scenario("customers-text.yaml", "customers: 30", "customers: many")
scenario("customers-fraction.yaml", "customers: 30", "customers: 2.5")
scenario("customers-zero.yaml", "customers: 30", "customers: 0")
scenario("customers-negative.yaml", "customers: 30", "customers: -4")
scenario("dark-initial-above-one.yaml", "initial: 0.05", "initial: 1.5")
scenario("take-negative.yaml", "positive: 0.8, neutral", "positive: -0.1, neutral")
scenario("take-above-one.yaml", "ghost: 0.05}", "ghost: 1.05}")
scenario("fit-mix-sum.yaml", "fit: {good: 0.6, stretch: 0.2, bad: 0.2}", "fit: {good: 0.6, stretch: 0.2, bad: 0.1}")
scenario("fit-unknown.yaml", "fit: {good: 0.6, stretch: 0.2, bad: 0.2}", "fit: {good: 0.6, stretch: 0.2, great: 0.2}")
scenario("sigma-negative.yaml", "sigma: 0.5", "sigma: -0.5")
scenario("median-zero.yaml", "median: 5000", "median: 0")
scenario("persistence-one.yaml", "persistence: 0.8", "persistence: 1.0")
scenario("noise-text.yaml", "noise: 0.45", "noise: loud")
scenario("contraction-share-order.yaml", "{min: 0.1, max: 0.3}", "{min: 0.4, max: 0.3}")
scenario("missing-rate-above-one.yaml", "missing: 0.2", "missing: 1.2")
scenario("period-start-bad.yaml", "start: 2024-Q1", "start: 2024-Q7")
scenario("period-count-zero.yaml", "count: 4", "count: 0")
scenario("granularity-mismatch.yaml", "{start: 2024-Q1, count: 4}", "{start: 2024-03, count: 4, granularity: quarter}")
scenario("duplicate-key.yaml", "    csms: 2\n", "    csms: 2\n    csms: 3\n")
scenario("missing-hazards.yaml", "hazards:\n  churn: {intercept: -3, direction: -0.8}\n  contraction: {intercept: -3.5}\n  contraction_share: {min: 0.1, max: 0.3}\n", "")
scenario("segments-not-a-list.yaml", "segments:\n  - name: Small", "segments:\n    name: Small")
scenario("syntax-unclosed-flow.yaml", "arr: {median: 5000, sigma: 0.5}", "arr: {median: 5000, sigma: 0.5")
scenario("feature-bad-name.yaml", "name: outcome.usage_trend", "name: usage_trend")
scenario("shock-outside-horizon.yaml", "features:", "shocks:\n  - {period: 2030-Q1, churn: 1.5}\nfeatures:")
scenario("true-link-unknown-feature.yaml", "features:", "true_link: {intercept: -3, coefficients: {outcome.nothing: 1}}\nfeatures:")
scenario("thresholds-out-of-order.yaml", "negative: {direction: -0.4}", "negative: {direction: 0.5}")
# Sizes far beyond any book: refused at the key, before a run allocates for them.
scenario("period-count-huge.yaml", "count: 4", "count: 1000000000")
scenario("customers-huge.yaml", "customers: 30", "customers: 1000000000")
scenario("csms-huge.yaml", "csms: 2", "csms: 5000000")
(here / "scenario" / "utf16.yaml").write_bytes(base.encode("utf-16"))
(here / "scenario" / "empty.yaml").write_text("# nothing here\n", encoding="utf-8")
(here / "scenario" / "unknown-key.json").write_text(
    json.dumps({"name": "tiny", "periods": {"start": "2024-Q1", "count": 4}, "segmnts": []}, indent=2) + "\n",
    encoding="utf-8")

# Milestone catalogues.
mbase = open("base-milestones.yaml", encoding="utf-8").read()


def milestones(name, old, new):
    assert old in mbase, (name, old)
    p = here / "milestones" / name
    p.parent.mkdir(exist_ok=True)
    p.write_text(mbase.replace(old, new), encoding="utf-8")


milestones("unknown-key.yaml", "upsell_arr: 1000", "upsell: 1000")
milestones("horizon-45.yaml", "horizon: 90", "horizon: 45")
milestones("upsell-negative.yaml", "upsell_arr: 1000", "upsell_arr: -1000")
milestones("upsell-text.yaml", "upsell_arr: 1000", "upsell_arr: lots")
milestones("take-rate-above-one.yaml", "horizon: 90", "horizon: 90\n    take_rates: {positive: 1.5}")
milestones("take-rate-unknown-category.yaml", "horizon: 90", "horizon: 90\n    take_rates: {happy: 0.5}")
milestones("duplicate-name.yaml", "    horizon: 90\n", "    horizon: 90\n  - name: go-live\n    upsell_arr: 10\n    horizon: 30\n")
milestones("syntax-error.yaml", "  - name: go-live", "  - name: [go-live")
(here / "milestones" / "empty.yaml").write_text("", encoding="utf-8")
milestones("tab-in-key.yaml", "    upsell_arr: 1000", '    "upsell\tarr": 1000')
(here / "milestones" / "binary.yaml").write_bytes(b"milestones:\x00\x00\x01\x02" + bytes(range(256)))

# Weights JSON.
wbase = json.load(open("base-weights.json", encoding="utf-8"))


def weights(name, edit=None, text=None):
    p = here / "weights" / name
    p.parent.mkdir(exist_ok=True)
    if text is None:
        w = json.loads(json.dumps(wbase))
        edit(w)
        text = json.dumps(w, indent=2, allow_nan=True) + "\n"
    p.write_text(text, encoding="utf-8")


good_text = json.dumps(wbase, indent=2) + "\n"
weights("trailing-comma.json", text=good_text.replace('"direction_bias": 0,', '"direction_bias": 0,,'))
weights("truncated.json", text=good_text[: len(good_text) // 2])
weights("empty.json", text="")
weights("missing-thresholds.json", lambda w: w.pop("thresholds"))
weights("sd-zero.json", lambda w: w["features"][1].update(sd=0))
weights("mean-text.json", lambda w: w["features"][0].update(mean="high"))
weights("duplicate-feature.json", lambda w: w["features"].append(dict(w["features"][0])))
weights("bad-feature-name.json", lambda w: w["features"][0].update(name="usage_trend"))
weights("no-features.json", lambda w: w.update(features=[]))
weights("format-99.json", lambda w: w.update(format=99))
weights("unknown-kind.json", lambda w: w.update(kind="forest"))
weights("thresholds-out-of-order.json", lambda w: w["thresholds"].update(negative_direction=0.9, positive_direction=0.1))
weights("feature-not-in-history.json", lambda w: w["features"][0].update(name="outcome.nothing"))
(here / "weights" / "utf16-no-bom.json").write_bytes(good_text.encode("utf-16-le"))

# Compensation plans (replayed with `comp PLAN --history base-history.csv`).
pbase = open("base-plan.yaml", encoding="utf-8").read()


def plan(name, old, new):
    assert old in pbase, (name, old)
    p = here / "plans" / name
    p.parent.mkdir(exist_ok=True)
    p.write_text(pbase.replace(old, new, 1), encoding="utf-8")


plan("unknown-key.yaml", "    weight: 0.3", "    wieght: 0.3")
plan("weights-sum.yaml", "    weight: 0.3", "    weight: 0.2")
plan("split-bad.yaml", 'split: "80/20"', 'split: "80/30"')
plan("ote-negative.yaml", "ote: 100000", "ote: -100000")
plan("ote-text.yaml", "ote: 100000", "ote: lots")
plan("tier-mode-unknown.yaml", "mode: marginal", "mode: stepwise")
plan("metric-unknown.yaml", "metric: logo_retention", "metric: happiness")
plan("cap-text.yaml", "cap: 2.0", "cap: unlimited")
plan("payment-period-unknown.yaml", "payment_period: quarterly", "payment_period: weekly")
plan("rate-negative.yaml", "rate: 3.0", "rate: -3.0")
plan("syntax-error.yaml", "        - { from: 1.0, rate: 3.0 }", "        - { from: 1.0, rate: 3.0 ")
(here / "plans" / "empty.yaml").write_text("", encoding="utf-8")
# Plans that parse but could never pay as written.
plan("cap-below-threshold.yaml", "    threshold: 0.9\n    cap: 1.0", "    threshold: 0.9\n    cap: 0.85")
plan("rates-all-zero.yaml", "        - { from: 0.0, rate: 1.0 }\n        - { from: 1.0, rate: 3.0 }",
     "        - { from: 0.0, rate: 0 }\n        - { from: 1.0, rate: 0 }")
plan("components-without-variable.yaml", 'split: "80/20"', 'split: "100/0"')
plan("clawback-nothing-to-recover.yaml", "components:", "clawback: {days: 90}\n\ncomponents:")
plan("revenue-share-csm-zero.yaml", "  - metric: nrr\n    weight: 0.7\n    target: 1.01",
     "  - metric: expansion_arr\n    weight: 0.7\n    target: 5000")
(here / "plans" / "revenue-share-csm-zero.yaml").write_text(
    (here / "plans" / "revenue-share-csm-zero.yaml").read_text(encoding="utf-8") + "revenue_share: {sales: 1, csm: 0}\n",
    encoding="utf-8")
plan("split-with-nul.yaml", 'split: "80/20"', 'split: "80\\0/20"')
