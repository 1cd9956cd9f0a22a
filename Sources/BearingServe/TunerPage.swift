/// The tuner page: one self-contained HTML document (inline CSS and script, no network beyond
/// its own `/api/*` calls). It loads `/api/state`, builds a slider per direction and magnitude
/// weight and per category threshold, and on every change posts the edited weights to
/// `/api/evaluate` and shows the answer. The latest answer wins; `body[data-busy]` counts
/// requests in flight (the browser check waits for 0).
enum TunerPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Bearing — Success Vector tuner</title>
        <link rel="icon" href="data:,">
        <style>
          :root { --ink:#1d2733; --muted:#5b6878; --line:#d6dde6; --good:#1f7a4d; --bad:#b3362d; --accent:#2458a6; }
          * { box-sizing: border-box; }
          body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f7f9fb; }
          header { padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); }
          header h1 { margin: 0; font-size: 18px; }
          header p { margin: 2px 0 0; color: var(--muted); }
          main { display: grid; grid-template-columns: minmax(320px, 420px) 1fr; gap: 16px; padding: 16px 20px; }
          section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin-bottom: 16px; }
          h2 { font-size: 15px; margin: 0 0 8px; }
          h3 { font-size: 13px; margin: 10px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
          .slider { display: grid; grid-template-columns: 1fr 64px; gap: 2px 8px; align-items: center; margin: 4px 0; }
          .slider label { grid-column: 1 / 3; font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
          .slider input { width: 100%; }
          .slider output { font-variant-numeric: tabular-nums; text-align: right; font-size: 12px; }
          .buttons { display: flex; flex-wrap: wrap; gap: 8px; }
          button { font: inherit; padding: 6px 10px; border: 1px solid var(--accent); background: #fff; color: var(--accent); border-radius: 4px; cursor: pointer; }
          button:hover { background: #eef3fb; }
          table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
          th, td { padding: 3px 6px; border-bottom: 1px solid var(--line); text-align: right; }
          th:first-child, td:first-child { text-align: left; }
          .headline { display: flex; gap: 20px; flex-wrap: wrap; margin-bottom: 8px; }
          .headline div { min-width: 110px; }
          .headline .value { font-size: 26px; font-weight: 600; }
          .headline .label { color: var(--muted); font-size: 12px; }
          .better { color: var(--good); } .worse { color: var(--bad); }
          .notes { color: #8a5a00; margin: 6px 0 0; padding-left: 18px; }
          #error { color: var(--bad); white-space: pre-wrap; min-height: 1.2em; }
          .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
          svg text { font-size: 11px; fill: var(--muted); }
          @media (max-width: 900px) { main, .grid2 { grid-template-columns: 1fr; } }
        </style>
        </head>
        <body data-busy="0">
        <header>
          <h1>Success Vector tuner</h1>
          <p id="context">loading…</p>
        </header>
        <main>
          <div>
            <section>
              <h2>Weights</h2>
              <div class="buttons">
                <button id="calibrate" type="button" title="Refit the churn link and category thresholds to the axes set here">Calibrate from here</button>
                <button id="reset" type="button">Reset to calibrated</button>
                <button id="download" type="button">Download weights.json</button>
              </div>
              <p id="error" role="alert"></p>
              <h3>Direction (outcome features)</h3>
              <div id="direction-sliders"></div>
              <h3>Magnitude (experience and engagement features)</h3>
              <div id="magnitude-sliders"></div>
              <h3>Category thresholds</h3>
              <div id="threshold-sliders"></div>
            </section>
          </div>
          <div>
            <section>
              <h2>Backtest window <span id="window"></span></h2>
              <div class="headline">
                <div><div class="value" id="auc" data-value="">–</div><div class="label">AUC</div></div>
                <div><div class="value" id="brier" data-value="">–</div><div class="label">Brier score</div></div>
                <div><div class="value" id="lift" data-value="">–</div><div class="label">top-decile lift</div></div>
                <div><div class="value" id="order">–</div><div class="label">churn ordered ghost &gt; negative &gt; neutral &gt; positive</div></div>
              </div>
              <table id="comparison"></table>
              <ul class="notes" id="notes"></ul>
            </section>
            <div class="grid2">
              <section><h2>Churn by category</h2><table id="by-category"></table></section>
              <section><h2>Churn by cohort</h2><table id="by-cohort"></table></section>
            </div>
            <section>
              <h2>Vector map (rows per cell; red share = churned)</h2>
              <svg id="map" viewBox="0 0 540 300" width="100%" role="img" aria-label="vector map density"></svg>
            </section>
          </div>
        </main>
        <script>
        "use strict";
        const tuner = { state: null, weights: null, sequence: 0, shown: 0, result: null };
        window.tuner = tuner;
        const $ = (id) => document.getElementById(id);
        const fmt = (x, d) => (x === null || x === undefined || !isFinite(x)) ? "–" : x.toFixed(d);
        const signed = (x, d) => (x === null || !isFinite(x)) ? "–" : (x > 0 ? "+" : "") + x.toFixed(d);
        const pct = (x) => (x === null || !isFinite(x)) ? "–" : (100 * x).toFixed(1) + "%";
        const clone = (x) => JSON.parse(JSON.stringify(x));
        const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));

        function setBusy(delta) {
          document.body.dataset.busy = String(Number(document.body.dataset.busy) + delta);
        }

        // The body of a POST is a weights file, so it carries the file's schema_version.
        function body(weights) {
          return JSON.stringify(Object.assign({ schema_version: tuner.state.schema_version }, weights));
        }

        async function api(path, weights, raw) {
          setBusy(1);
          try {
            const init = weights ? { method: "POST", headers: { "Content-Type": "application/json" }, body: body(weights) } : {};
            const response = await fetch(path, init);
            const text = await response.text();
            let parsed = null;
            try { parsed = JSON.parse(text); } catch (e) { parsed = null; }
            if (!response.ok) throw new Error((parsed && parsed.error) || ("HTTP " + response.status));
            return raw ? text : parsed;
          } finally {
            setBusy(-1);
          }
        }

        function slider(parent, id, label, value, min, max, onInput) {
          const row = document.createElement("div");
          row.className = "slider";
          const step = (max - min) / 400;
          row.innerHTML = `<label for="${esc(id)}">${esc(label)}</label>` +
            `<input type="range" id="${esc(id)}" min="${min}" max="${max}" step="${step}" value="${value}">` +
            `<output for="${esc(id)}">${value.toFixed(3)}</output>`;
          const input = row.querySelector("input");
          const output = row.querySelector("output");
          input.addEventListener("input", () => {
            const v = Number(input.value);
            output.textContent = v.toFixed(3);
            onInput(v);
            schedule();
          });
          parent.appendChild(row);
        }

        function span(values) {
          const m = Math.max(0, ...values.map(Math.abs));
          return Math.max(1, Math.ceil(2 * m * 10) / 10);
        }

        function buildSliders() {
          const w = tuner.weights;
          for (const id of ["direction-sliders", "magnitude-sliders", "threshold-sliders"]) $(id).innerHTML = "";
          const dir = w.features.filter((f) => f.group === "outcome" || f.direction !== 0);
          const mag = w.features.filter((f) => f.group !== "outcome" || f.magnitude !== 0);
          const dSpan = span(dir.map((f) => f.direction));
          const mSpan = span(mag.map((f) => f.magnitude));
          for (const f of dir) slider($("direction-sliders"), "direction:" + f.name, f.name, f.direction, -dSpan, dSpan, (v) => { f.direction = v; });
          for (const f of mag) slider($("magnitude-sliders"), "magnitude:" + f.name, f.name, f.magnitude, -mSpan, mSpan, (v) => { f.magnitude = v; });
          const t = w.thresholds;
          const box = $("threshold-sliders");
          slider(box, "threshold:negative_direction", "negative: direction below", t.negative_direction, -1, 1, (v) => { t.negative_direction = v; });
          slider(box, "threshold:positive_direction", "positive: direction above", t.positive_direction, -1, 1, (v) => { t.positive_direction = v; });
          slider(box, "threshold:positive_magnitude", "positive: magnitude at least", t.positive_magnitude, 0, 1, (v) => { t.positive_magnitude = v; });
          for (const [i, rule] of t.ghost.entries()) {
            const a = Math.abs(rule.threshold);
            const lo = rule.threshold >= 0 ? 0 : -3 * a - 1;
            const hi = rule.threshold > 0 ? 3 * a : (rule.threshold < 0 ? 0 : 1);
            slider(box, "ghost:" + i, `ghost: ${rule.feature} ${rule.side}`, rule.threshold, lo, hi, (v) => { rule.threshold = v; });
          }
        }

        let timer = null;
        function schedule() {
          clearTimeout(timer);
          timer = setTimeout(evaluate, 60);
        }

        // One evaluation in flight at a time: moves made meanwhile are sent together when it returns,
        // so a fast drag on a large history never queues stale requests.
        let inFlight = false, again = false;
        async function evaluate() {
          if (inFlight) { again = true; return; }
          inFlight = true;
          const mine = ++tuner.sequence;
          const weights = clone(tuner.weights);
          try {
            const result = await api("/api/evaluate", weights);
            if (mine >= tuner.shown) {
              tuner.shown = mine;
              tuner.evaluated = weights;
              $("error").textContent = "";
              render(result);
            }
          } catch (e) {
            if (mine >= tuner.shown) { tuner.shown = mine; $("error").textContent = e.message; }
          } finally {
            inFlight = false;
            if (again) { again = false; evaluate(); }
          }
        }

        function render(r) {
          tuner.result = r;
          const put = (id, value, digits) => { const el = $(id); el.textContent = fmt(value, digits); el.dataset.value = value === null ? "" : String(value); };
          put("auc", r.auc, 4);
          put("brier", r.brier, 4);
          put("lift", r.top_decile_lift, 2);
          $("order").textContent = r.category_order_holds ? "yes" : "no";
          $("order").className = "value " + (r.category_order_holds ? "better" : "worse");
          const rows = [["auc", "AUC", 4, 1], ["brier", "Brier", 4, -1], ["top_decile_lift", "top-decile lift", 2, 1], ["log_loss", "log loss", 4, -1]];
          const cmp = (c, key, d, better) => {
            const diff = c.difference[key];
            const cls = !isFinite(diff) || diff === 0 ? "" : (diff * better > 0 ? "better" : "worse");
            const iv = c.intervals && c.intervals[key] ? `[${signed(c.intervals[key].lower, d)}, ${signed(c.intervals[key].upper, d)}]` : "–";
            return `<td>${fmt(c.baseline_metrics[key], d)}</td><td class="${cls}">${signed(diff, d)}</td><td>${iv}</td>`;
          };
          let html = "<tr><th>metric</th><th>these weights</th><th>interval</th><th>calibrated</th><th>difference</th><th>interval</th>" +
            "<th>health score</th><th>difference</th><th>interval</th></tr>";
          for (const [key, name, d, better] of rows) {
            const own = r.intervals && r.intervals[key] ? `[${fmt(r.intervals[key].lower, d)}, ${fmt(r.intervals[key].upper, d)}]` : "–";
            html += `<tr><td>${name}</td><td>${fmt(r[key], d)}</td><td>${own}</td>${cmp(r.versus_calibrated, key, d, better)}${cmp(r.versus_health, key, d, better)}</tr>`;
          }
          const verdicts = [r.versus_calibrated.verdict, r.versus_health.verdict].filter((v) => v);
          $("comparison").innerHTML = html + (verdicts.length ? `<tr><td colspan="9">${verdicts.map(esc).join("; ")}</td></tr>` : "");
          const groups = (list) => "<tr><th>group</th><th>rows</th><th>churned</th><th>churn rate</th><th>mean p</th></tr>" +
            list.map((g) => `<tr><td>${esc(g.group)}</td><td>${g.rows}</td><td>${g.churned}</td><td>${pct(g.churn_rate)}</td><td>${pct(g.mean_probability)}</td></tr>`).join("");
          $("by-category").innerHTML = groups(r.churn_by_category);
          $("by-cohort").innerHTML = groups(r.churn_by_cohort);
          drawMap(r.vector_map);
        }

        function drawMap(m) {
          const left = 40, top = 10, width = 480, height = 250;
          const cw = width / m.direction_bins, ch = height / m.magnitude_bins;
          const max = Math.max(1, ...m.counts);
          const t = tuner.weights.thresholds;
          let svg = "";
          for (let i = 0; i < m.magnitude_bins; i++) {
            for (let j = 0; j < m.direction_bins; j++) {
              const k = i * m.direction_bins + j, n = m.counts[k];
              if (n === 0) continue;
              const x = left + j * cw, y = top + height - (i + 1) * ch;
              const alpha = 0.15 + 0.85 * Math.log1p(n) / Math.log1p(max);
              const red = Math.round(255 * Math.min(1, 3 * m.churned[k] / n));
              svg += `<rect class="mark" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${cw.toFixed(1)}" height="${ch.toFixed(1)}" ` +
                `fill="rgb(${red},88,${255 - red})" fill-opacity="${alpha.toFixed(2)}"><title>${n} rows, ${m.churned[k]} churned</title></rect>`;
            }
          }
          const xOf = (d) => left + (d + 1) / 2 * width, yOf = (g) => top + height - g * height;
          svg += `<line x1="${xOf(t.negative_direction)}" x2="${xOf(t.negative_direction)}" y1="${top}" y2="${top + height}" stroke="#b3362d" stroke-dasharray="4 3"/>`;
          svg += `<line x1="${xOf(t.positive_direction)}" x2="${xOf(t.positive_direction)}" y1="${top}" y2="${top + height}" stroke="#1f7a4d" stroke-dasharray="4 3"/>`;
          svg += `<line x1="${xOf(t.positive_direction)}" x2="${left + width}" y1="${yOf(t.positive_magnitude)}" y2="${yOf(t.positive_magnitude)}" stroke="#1f7a4d" stroke-dasharray="4 3"/>`;
          svg += `<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="none" stroke="#d6dde6"/>`;
          svg += `<text x="${left}" y="${top + height + 16}">direction −1</text><text x="${left + width - 60}" y="${top + height + 16}">+1</text>`;
          svg += `<text x="${left + width / 2 - 30}" y="${top + height + 30}">direction</text>`;
          svg += `<text x="2" y="${top + 10}">mag 1</text><text x="2" y="${top + height}">0</text>`;
          $("map").innerHTML = svg;
        }

        async function loadState() {
          try {
            tuner.state = await api("/api/state");
          } catch (e) {
            $("error").textContent = "cannot load /api/state: " + e.message;
            return;
          }
          const s = tuner.state, w = s.window;
          $("context").textContent = `${s.history} · calibrated weights: ${s.calibrated_source} · Bearing ${s.bearing_version}`;
          $("window").textContent = `${w.first}…${w.last}: ${w.rows} rows, ${w.churned} churned (${pct(w.churn_rate)}); baselines fitted on ${w.training_periods[0]}…${w.training_periods[w.training_periods.length - 1]}`;
          $("notes").innerHTML = s.notes.map((n) => `<li>${esc(n)}</li>`).join("");
          tuner.weights = clone(s.calibrated);
          tuner.evaluated = clone(s.calibrated);
          buildSliders();
          tuner.shown = 0;
          render(s.evaluation);
        }

        $("reset").addEventListener("click", () => {
          tuner.weights = clone(tuner.state.calibrated);
          buildSliders();
          evaluate();
        });

        $("calibrate").addEventListener("click", async () => {
          try {
            tuner.weights = await api("/api/calibrate", clone(tuner.weights));
            delete tuner.weights.schema_version;
            buildSliders();
            evaluate();
          } catch (e) {
            $("error").textContent = e.message;
          }
        });

        $("download").addEventListener("click", async () => {
          try {
            const tuned = await api("/api/weights", clone(tuner.weights), true);
            const blob = new Blob([tuned], { type: "application/json" });
            const a = document.createElement("a");
            a.href = URL.createObjectURL(blob);
            a.download = "weights.json";
            document.body.appendChild(a);
            a.click();
            a.remove();
          } catch (e) {
            $("error").textContent = e.message;
          }
        });

        loadState();
        </script>
        </body>
        </html>
        """#
}
