"""pandas baseline for `bench-import events`: the same panel from the same ledger and 10M-row
event table, with read_csv + groupby + pivot (the idiomatic way), timed end to end.

    python3 Import/pandas_events.py LEDGER.csv EVENTS.csv [BEARING_PANEL.csv]

Rules as Bearing's (docs/data-contracts.md): quarterly rows from each customer's first ledger
change to its cancellation (a change to 0) or the last ledger quarter; a row's features
aggregate the events of the quarter before it: count (login), sum (page_views, tickets),
mean (session_minutes, csat), last (nps, seats), days since the last contact before the row's
quarter (any time before), tickets change vs the previous row. Re-subscriptions do not occur
in the generated ledger, so they are not handled here. With a third argument, the values are
compared with the panel Bearing wrote.
"""
import sys
import time

import numpy as np
import pandas as pd

ledger_path, events_path = sys.argv[1], sys.argv[2]
wall0, cpu0 = time.perf_counter(), time.process_time()

# Rows from the ledger: first quarter, churn quarter, ARR in force (the money columns are cheap;
# the point of this benchmark is the events).
ledger = pd.read_csv(ledger_path, usecols=["customer_id", "date", "arr"])
ledger["q"] = pd.PeriodIndex(pd.to_datetime(ledger["date"], format="%Y-%m-%d"), freq="Q").asi8
end = ledger["q"].max()
g = ledger.groupby("customer_id", sort=False)
first = g["q"].min()
churn = ledger[ledger["arr"] == 0].groupby("customer_id")["q"].min()
last = churn.reindex(first.index).fillna(end).astype("int64")
n = (last - first + 1).to_numpy()
rows = pd.DataFrame({
    "customer_id": np.repeat(first.index.to_numpy(), n),
    "q": np.concatenate([np.arange(a, b + 1) for a, b in zip(first.to_numpy(), last.to_numpy())]),
})

events = pd.read_csv(events_path, dtype={"customer_id": "string", "metric": "category", "value": "float64"})
date = pd.to_datetime(events["date"], format="%Y-%m-%d")
events["day"] = (date - pd.Timestamp("1970-01-01")).dt.days
events["target"] = pd.PeriodIndex(date, freq="Q").asi8 + 1
agg = events.groupby(["customer_id", "target", "metric"], observed=True, sort=False).agg(
    sum=("value", "sum"), mean=("value", "mean"), size=("value", "size"), last=("value", "last"), day=("day", "max"))
wide = agg.unstack("metric")
key = pd.MultiIndex.from_arrays([rows["customer_id"], rows["q"]])
wide = wide.reindex(key)
panel = pd.DataFrame(index=rows.index)
panel["engagement.logins"] = wide[("size", "login")].fillna(0).to_numpy()
panel["engagement.page_views"] = wide[("sum", "page_views")].fillna(0).to_numpy()
panel["engagement.session_minutes"] = wide[("mean", "session_minutes")].to_numpy()
panel["experience.nps"] = wide[("last", "nps")].to_numpy()
panel["experience.tickets"] = wide[("sum", "tickets")].fillna(0).to_numpy()
previous = panel.groupby(rows["customer_id"].to_numpy(), sort=False)["experience.tickets"].shift(1)
panel["experience.tickets_change"] = panel["experience.tickets"] - previous
# Days since the last contact: the latest contact day so far along each customer's rows.
# Events before a customer's first row count for it (its first row's window or earlier).
contact_day = pd.Series(wide[("day", "contact")].to_numpy())
contacts = events[events["metric"] == "contact"]
first_q = first.reindex(contacts["customer_id"]).to_numpy()
early = contacts[contacts["target"].to_numpy() < first_q].groupby("customer_id")["day"].max()
is_first = rows["q"].to_numpy() == first.reindex(rows["customer_id"]).to_numpy()
early_day = early.reindex(rows["customer_id"]).to_numpy()
contact_day[is_first] = np.fmax(contact_day[is_first], early_day[is_first])
by_customer = contact_day.groupby(rows["customer_id"].to_numpy(), sort=False)
latest = by_customer.cummax().groupby(rows["customer_id"].to_numpy(), sort=False).ffill()
start_day = (pd.PeriodIndex.from_ordinals(rows["q"].to_numpy(), freq="Q").start_time - pd.Timestamp("1970-01-01")).days
panel["engagement.days_since_contact"] = start_day.to_numpy() - latest.to_numpy()
panel["attribute.seats"] = wide[("last", "seats")].to_numpy()
panel["experience.csat"] = wide[("mean", "csat")].to_numpy()
wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
print(f"pandas {pd.__version__}: {len(panel)} rows, {len(events)} events; {wall:.2f} s wall, {cpu:.2f} s CPU")

if len(sys.argv) > 3:
    bearing = pd.read_csv(sys.argv[3])
    ours = pd.concat([rows, panel], axis=1)
    ours["period"] = pd.PeriodIndex.from_ordinals(ours["q"], freq="Q").astype(str).str.replace("Q", "-Q")
    merged = bearing.merge(ours, on=["customer_id", "period"], suffixes=("", "_pd"))
    print(f"rows in both: {len(merged)} of {len(bearing)} (Bearing) and {len(ours)} (pandas)")
    for column in panel.columns:
        a, b = merged[column].to_numpy(dtype=float), merged[column + "_pd"].to_numpy(dtype=float)
        both = ~np.isnan(a) & ~np.isnan(b)
        same_missing = (np.isnan(a) == np.isnan(b)).mean()
        worst = np.max(np.abs(a[both] - b[both]) / np.maximum(1, np.abs(b[both]))) if both.any() else 0
        print(f"  {column}: missing agrees on {same_missing:.4%} of rows, max relative difference {worst:.2e}")
