"""Reference panel for Scenarios/examples/{subscriptions,events}.csv + metrics.yaml, computed
independently of Bearing with pandas, following the rules in docs/data-contracts.md
("Subscriptions ledger", "Events and metrics"). RawTablesExampleTests holds what this prints.

    python3 Tests/BearingImportTests/reference/raw_tables_reference.py
"""
import pathlib

import pandas as pd

root = pathlib.Path(__file__).resolve().parents[3] / "Scenarios" / "examples"
ledger = pd.read_csv(root / "subscriptions.csv", dtype={"segment": str, "fit": str, "csm_id": str})
events = pd.read_csv(root / "events.csv")

ledger["date"] = pd.to_datetime(ledger["date"])
ledger["q"] = ledger["date"].dt.to_period("Q")
ledger["line"] = range(2, len(ledger) + 2)
end = ledger["q"].max()

rows = []
for cid, changes in ledger.sort_values(["date", "line"], kind="stable").groupby("customer_id", sort=False):
    generation = 1
    changes = changes.to_dict("records")
    i = 0
    while i < len(changes):
        first = changes[i]
        name = cid if generation == 1 else f"{cid}#{generation}"
        seg, fit, csm = first["segment"], first["fit"], first["csm_id"]
        current, q, i = first["arr"], first["q"], i + 1
        churned = False
        while q <= end:
            start, up, down = current, 0.0, 0.0
            while i < len(changes) and changes[i]["q"] == q:
                c = changes[i]
                i += 1
                seg = c["segment"] if isinstance(c["segment"], str) else seg
                fit = c["fit"] if isinstance(c["fit"], str) else fit
                csm = c["csm_id"] if isinstance(c["csm_id"], str) else csm
                if c["arr"] == 0:
                    churned = True
                    break
                delta = round(c["arr"] - current, 2)
                up, down = up + max(delta, 0), down + max(-delta, 0)
                current = c["arr"]
            rows.append(dict(customer_id=name, base=cid, q=q, arr=start, churned=int(churned), expansion=up,
                             contraction=down, segment=seg, fit=fit if isinstance(fit, str) else "good",
                             csm=csm if isinstance(csm, str) else ""))
            if churned:
                break
            q += 1
        generation += 1
        if not churned:
            break
panel = pd.DataFrame(rows)
# Customers in order of first appearance in the ledger file, generations in order.
order = {c: k for k, c in enumerate(dict.fromkeys(ledger["customer_id"]))}
panel["o"] = panel["base"].map(order)
panel = panel.sort_values(["o", "customer_id", "q"], kind="stable").reset_index(drop=True)

# Events: feature rows aggregate the previous quarter's events; milestones their own quarter.
events["date"] = pd.to_datetime(events["date"])
events["q"] = events["date"].dt.to_period("Q")
events["target"] = events["q"] + 1
latest = panel.groupby("base")["q"].transform("max")


def rowkey(df, col):
    # The latest generation of the customer with a row in that quarter.
    m = df.merge(panel.reset_index()[["index", "base", "q"]], left_on=["customer_id", col],
                 right_on=["base", "q"], how="inner", suffixes=("", "_p"))
    return m.sort_values("index").drop_duplicates(["customer_id", "date", "metric", col], keep="last")


feat = rowkey(events[~events["metric"].str.startswith("milestone:")], "target")
agg = feat.pivot_table(index="index", columns="metric", values="value", aggfunc=["sum", "mean", "count", "size"])
panel["engagement.logins"] = agg[("size", "login")].reindex(panel.index).fillna(0)
panel["experience.nps"] = agg[("mean", "nps_response")].reindex(panel.index)
panel["experience.support_tickets"] = agg[("sum", "support_ticket")].reindex(panel.index).fillna(0)
panel["outcome.usage_hours"] = agg[("sum", "usage_hours")].reindex(panel.index).fillna(0)
prev = panel.groupby("customer_id")["outcome.usage_hours"].shift(1)
panel["outcome.usage_trend"] = panel["outcome.usage_hours"] - prev
panel["engagement.contacts"] = agg[("size", "contact")].reindex(panel.index).fillna(0)

# Days since the last contact before the start of the row's quarter (any time before).
contacts = events[events["metric"] == "contact"]
days = []
for _, r in panel.iterrows():
    start = r["q"].start_time
    first = panel[panel["customer_id"] == r["customer_id"]]["q"].min().start_time
    mine = contacts[(contacts["customer_id"] == r["base"]) & (contacts["date"] < start)]
    if r["customer_id"] != r["base"]:
        # A re-subscription starts afresh: only events after its own first quarter's window.
        mine = mine[mine["q"] + 1 >= panel[panel["customer_id"] == r["customer_id"]]["q"].min()]
    days.append((start - mine["date"].max()).days if len(mine) else float("nan"))
panel["engagement.days_since_contact"] = days

ms = rowkey(events[events["metric"].str.startswith("milestone:")].assign(value=lambda d: d["value"].fillna(1)), "q")
ms = ms.sort_values(["index", "value", "date"], kind="stable").drop_duplicates("index", keep="last")
panel["milestone"] = ms.set_index("index")["metric"].str.removeprefix("milestone:").reindex(panel.index)
panel["milestone_reached"] = ms.set_index("index")["value"].reindex(panel.index)
for k in range(1, len(panel)):
    same = panel.at[k, "customer_id"] == panel.at[k - 1, "customer_id"]
    if same and pd.isna(panel.at[k, "milestone"]) and panel.at[k - 1, "milestone_reached"] == 0:
        panel.at[k, "milestone"] = panel.at[k - 1, "milestone"]
        panel.at[k, "milestone_reached"] = 0

pd.set_option("display.width", 250)
pd.set_option("display.max_columns", 30)
print(panel.drop(columns=["base", "o"]).to_string())


def swift(values):
    return "[" + ", ".join("nan" if pd.isna(v) else repr(float(v)) for v in values) + "]"


print()
for column in ["arr", "expansion", "contraction", "churned", "engagement.logins", "experience.nps",
               "experience.support_tickets", "outcome.usage_hours", "outcome.usage_trend",
               "engagement.days_since_contact", "engagement.contacts", "milestone_reached"]:
    print(f'"{column}": {swift(panel[column])},')
print("ids:", list(panel["customer_id"]))
print("periods:", [str(q) for q in panel["q"]])
print("segments:", list(panel["segment"]), "fit:", list(panel["fit"]), "csm:", list(panel["csm"]))
print("milestones:", ["" if pd.isna(m) else m for m in panel["milestone"]])
