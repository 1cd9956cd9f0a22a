#!/usr/bin/env python3
"""Drives `bearing serve` in a real browser (Playwright for Python against Debian's Chromium):
starts the server on a free loopback port, checks the API's answers to bad requests, loads the
tuner page, moves a slider, and asserts that the displayed AUC changed and equals what
`POST /api/evaluate` answers for the same weights. Writes a screenshot of the tuner and stops
the server with SIGINT (a graceful stop must exit 0).

    python3 Tests/browser/check_serve.py --bearing .build/release/bearing --history out/history.csv \
        [--png out/ci-serve/tuner.png] [--chromium PATH]

Needs: pip install playwright; apt-get install chromium (no browser download: executable_path).
Exit status 0 = every check passed; otherwise the failed checks are printed.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(base, path, body, timeout=60):
    """(status, parsed JSON or None, raw bytes) of a POST."""
    request = urllib.request.Request(base.rstrip("/") + path, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            raw = r.read()
            return r.status, json.loads(raw), raw
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw), raw
        except ValueError:
            return e.code, None, raw


def raw_exchange(port, data, timeout=10):
    """Sends raw bytes, returns whatever comes back before the server closes or times out."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (socket.timeout, ConnectionResetError):
            pass
        return b"".join(chunks)


def api_checks(base, port, weights):
    """Bad requests get a 4xx JSON error and never end the server."""
    status, answer, _ = post(base, "/api/evaluate", json.dumps(weights).encode())
    check(status == 200 and isinstance(answer.get("auc"), float), f"POST /api/evaluate answers 200 with an AUC ({status})")
    limit = json.loads(urllib.request.urlopen(base + "api/state", timeout=30).read())["body_limit"]
    status, answer, _ = post(base, "/api/evaluate", b" " * (limit + 1))
    check(status == 413 and answer and "limit" in answer.get("error", ""), f"a body over {limit} bytes gets 413 with a message ({status})")
    status, answer, _ = post(base, "/api/evaluate", b'{"format": 1,')
    check(status == 400 and answer and "request body:" in answer.get("error", ""), f"malformed JSON gets 400 naming line and column ({status}: {answer})")
    bad = dict(weights)
    bad["features"] = [dict(f, sd=0) for f in weights["features"]]
    status, answer, _ = post(base, "/api/evaluate", json.dumps(bad).encode())
    check(status == 422 and answer and "standard deviation" in answer.get("error", ""), f"invalid weights get 422 ({status})")
    raw_exchange(port, b"NOT HTTP AT ALL\r\n\r\n")
    raw_exchange(port, b"POST /api/evaluate HTTP/1.1\r\nContent-Length: 500\r\n\r\n{\"half")
    raw_exchange(port, b"POST /api/evaluate HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
    status, answer, _ = post(base, "/api/evaluate", json.dumps(weights).encode())
    check(status == 200, f"the server still answers after malformed requests ({status})")


def browser_checks(base, chromium, png, weights_version):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        console = []
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: console.append(f"page error: {e}"))
        external = []
        page.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) else None)
        page.goto(base, wait_until="load")
        page.wait_for_function("document.getElementById('auc').dataset.value !== ''", timeout=60_000)
        before = page.get_attribute("#auc", "data-value")
        sliders = page.locator("input[type=range][id^='direction:']")
        check(sliders.count() > 0, f"the page has direction sliders ({sliders.count()})")
        check(page.locator("input[type=range][id^='magnitude:']").count() > 0, "the page has magnitude sliders")
        check(page.locator("input[type=range][id^='threshold:']").count() == 3, "the page has the three category thresholds")
        # Move the first direction slider as a user would: a click far along its track.
        slider = sliders.first
        box = slider.bounding_box()
        page.mouse.click(box["x"] + 0.92 * box["width"], box["y"] + box["height"] / 2)
        page.wait_for_function(
            f"document.body.dataset.busy === '0' && document.getElementById('auc').dataset.value !== '{before}'", timeout=60_000)
        after = page.get_attribute("#auc", "data-value")
        shown = page.inner_text("#auc")
        check(after != before, f"moving a slider changes the displayed AUC ({before} -> {after})")
        evaluated = json.loads(page.evaluate("JSON.stringify(tuner.evaluated)"))
        evaluated["schema_version"] = weights_version
        status, answer, _ = post(base, "/api/evaluate", json.dumps(evaluated).encode())
        check(status == 200, f"POST /api/evaluate with the page's weights answers 200 ({status})")
        if status == 200:
            check(float(after) == answer["auc"], f"displayed AUC {after} equals the API's {answer['auc']} for the same weights")
            check(shown == f"{answer['auc']:.4f}", f"displayed text {shown} is the API's AUC to 4 places")
            brier = page.get_attribute("#brier", "data-value")
            check(float(brier) == answer["brier"], f"displayed Brier {brier} equals the API's {answer['brier']}")
        map_cells = page.locator("#map rect.mark").count()
        check(map_cells > 0, f"the vector map draws cells ({map_cells})")
        check(page.locator("#by-cohort tr").count() == 6, "churn by cohort shows five cohorts")
        # Reset returns to the calibrated evaluation.
        page.click("#reset")
        page.wait_for_function(f"document.body.dataset.busy === '0' && document.getElementById('auc').dataset.value === '{before}'", timeout=60_000)
        check(page.get_attribute("#auc", "data-value") == before, "reset to calibrated restores the calibrated AUC")
        # Calibrate from here: the server refits link and thresholds; the page shows the result.
        page.mouse.click(box["x"] + 0.92 * box["width"], box["y"] + box["height"] / 2)
        page.wait_for_function(f"document.body.dataset.busy === '0' && document.getElementById('auc').dataset.value !== '{before}'", timeout=60_000)
        link_before = page.evaluate("JSON.stringify(tuner.weights.churn_link)")
        page.click("#calibrate")
        page.wait_for_function(f"document.body.dataset.busy === '0' && JSON.stringify(tuner.weights.churn_link) !== {json.dumps(link_before)}", timeout=120_000)
        page.wait_for_function("document.body.dataset.busy === '0'", timeout=60_000)
        check(page.inner_text("#error") == "", f"calibrate from here succeeds ({page.inner_text('#error')})")
        # Download: the normal weights file, marked hand-tuned.
        with page.expect_download(timeout=60_000) as download:
            page.click("#download")
        saved = os.path.join(os.path.dirname(os.path.abspath(png)), "weights.json")
        download.value.save_as(saved)
        tuned = json.load(open(saved))
        check(tuned.get("provenance", {}).get("source") == "hand-tuned" and "schema_version" in tuned,
              f"download weights.json is a weights file marked hand-tuned ({saved})")
        page.click("#reset")
        page.wait_for_function(f"document.body.dataset.busy === '0' && document.getElementById('auc').dataset.value === '{before}'", timeout=60_000)
        # Move it again for the screenshot, so the picture shows a tuned state and its differences.
        page.mouse.click(box["x"] + 0.92 * box["width"], box["y"] + box["height"] / 2)
        page.wait_for_function(f"document.body.dataset.busy === '0' && document.getElementById('auc').dataset.value !== '{before}'", timeout=60_000)
        os.makedirs(os.path.dirname(os.path.abspath(png)), exist_ok=True)
        page.screenshot(path=png, full_page=True)
        check(os.path.getsize(png) > 20_000, f"screenshot written to {png} ({os.path.getsize(png)} bytes)")
        check(not console, "no console errors or warnings" + ("" if not console else ": " + "; ".join(console[:5])))
        check(not external, "no request leaves the server" + ("" if not external else ": " + ", ".join(external[:5])))
        browser.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bearing", required=True)
    ap.add_argument("--history", required=True)
    ap.add_argument("--png", default="out/ci-serve/tuner.png")
    ap.add_argument("--chromium", default=None)
    ap.add_argument("--startup", type=float, default=300, help="seconds to wait for the server to listen")
    args = ap.parse_args()
    chromium = args.chromium or os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("check_serve: no Chromium found (apt-get install -y chromium, or set CHROMIUM)")

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([args.bearing, "serve", args.history, "--port", str(port), "--quiet"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    ready = threading.Event()

    def pump():
        for line in server.stdout:
            lines.append(line.rstrip())
            if line.startswith("Serving the tuner at"):
                ready.set()

    threading.Thread(target=pump, daemon=True).start()
    try:
        started = time.time()
        while not ready.wait(0.5):
            if server.poll() is not None or time.time() - started > args.startup:
                print("server output:", *lines, server.stderr.read() if server.poll() is not None else "", sep="\n")
                sys.exit("check_serve: the server did not start")
        print(f"server listening after {time.time() - started:.1f} s: {lines[-1]}", flush=True)
        check(f"http://127.0.0.1:{port}/" in lines[-1], "the server prints its loopback URL")
        state = json.loads(urllib.request.urlopen(base + "api/state", timeout=30).read())
        weights = dict(state["calibrated"], schema_version=state["schema_version"])
        api_checks(base, port, weights)
        browser_checks(base, chromium, args.png, state["schema_version"])
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                code = server.wait(timeout=20)
                check(code == 0, f"SIGINT stops the server gracefully (exit {code})")
            except subprocess.TimeoutExpired:
                server.kill()
                check(False, "SIGINT stops the server within 20 s")
    if failures:
        print(f"\n0 passed, {len(failures)} failed")
        sys.exit(1)
    print("\nserve browser check passed")


if __name__ == "__main__":
    main()
