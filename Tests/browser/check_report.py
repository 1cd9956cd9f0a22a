#!/usr/bin/env python3
"""Renders a Bearing report.html in headless Chromium and fails on anything a reader would see
as broken: console messages or failed loads, a chart (<svg>) with no drawn marks, external
resources or scripts, or a blank screenshot. Then loads the page at 1280x800 (Playwright for
Python driving the same Chromium) and fails unless the answers block (#answers, three answers,
each linking to a section on the page) ends within the first screen; that screen is saved as
the fold screenshot.

    python3 Tests/browser/check_report.py out/report.html [--png out/report.png]
        [--fold-png out/report-fold.png] [--chromium PATH]

Needs: apt-get install chromium; pip install playwright pillow (no browser download:
executable_path). Run as root in a container: Chromium needs --no-sandbox there (passed here).
Exit status 0 = all checks passed; otherwise every failed check is printed.
"""
import argparse
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile

MARK_TAGS = {"circle", "rect", "path", "polygon", "line", "polyline"}


class DomCheck(html.parser.HTMLParser):
    """Counts, per <svg>, the elements with class "mark"; notes scripts and external URLs."""

    def __init__(self):
        super().__init__()
        self.svgs = []  # [title, marks]
        self.depth = 0
        self.scripts = 0
        self.external = []
        self.sections = []
        self.missing_notes = 0
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.depth += 1
            self.svgs.append([a.get("aria-label", "(untitled)"), 0])
        elif self.depth and tag in MARK_TAGS and "mark" in (a.get("class") or "").split():
            self.svgs[-1][1] += 1
        if tag == "script":
            self.scripts += 1
        if tag == "section":
            self.sections.append(a.get("id"))
        if tag == "p" and "missing" in (a.get("class") or "").split():
            self.missing_notes += 1
        for key in ("src", "href"):
            v = a.get(key) or ""
            if v.startswith(("http:", "https:", "//")):
                self.external.append(f"<{tag} {key}={v}>")
        if tag == "link":
            self.external.append(f"<link {a}>")

    def handle_endtag(self, tag):
        if tag == "svg":
            self.depth -= 1


def find_chromium(explicit):
    for c in [explicit, os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]:
        if c and shutil.which(c):
            return shutil.which(c)
    sys.exit("check_report: no Chromium found (apt-get install -y chromium, or set CHROMIUM)")


def chromium(binary, args, url):
    base = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--disable-extensions", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + tempfile.mkdtemp()]
    return subprocess.run(base + args + [url], capture_output=True, text=True, timeout=180)


FOLD_WIDTH, FOLD_HEIGHT = 1280, 800


def fold_check(binary, url, png, failures):
    """The answers block sits above the fold of a 1280x800 screen; saves that screen to `png`."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        failures.append("playwright is not installed (pip install playwright): cannot check the answers above the fold")
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=binary, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": FOLD_WIDTH, "height": FOLD_HEIGHT})
            page.goto(url)
            page.screenshot(path=png)
            box = page.evaluate("""() => {
                const a = document.getElementById('answers');
                if (!a) return null;
                const r = a.getBoundingClientRect();
                const answers = [...a.querySelectorAll('li.answer')].map(li => {
                    const link = li.querySelector('a[href^="#"]');
                    const target = link ? document.getElementById(link.getAttribute('href').slice(1)) : null;
                    return {text: li.innerText.slice(0, 80), link: link ? link.getAttribute('href') : null, target: !!target};
                });
                return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, answers};
            }""")
        finally:
            browser.close()
    if box is None:
        failures.append("the page has no #answers block")
        return None
    if box["bottom"] > FOLD_HEIGHT:
        failures.append(f"the answers block ends at {box['bottom']:.0f} px, below the fold ({FOLD_HEIGHT} px at {FOLD_WIDTH} px wide)")
    if len(box["answers"]) != 3:
        failures.append(f"the answers block holds {len(box['answers'])} answers, not 3")
    for a in box["answers"]:
        if not a["link"] or not a["target"]:
            failures.append(f"answer without a link to a section on the page: {a['text']!r} (link {a['link']})")
    return box


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("--png", default=None, help="screenshot path (default: next to the report, .png)")
    ap.add_argument("--fold-png", default=None, help="first-screen (1280x800) screenshot path (default: next to the report, -fold.png)")
    ap.add_argument("--chromium", default=None)
    ap.add_argument("--height", type=int, default=0, help="screenshot height in px (default: whole page, estimated)")
    args = ap.parse_args()

    report = os.path.abspath(args.report)
    if not os.path.isfile(report):
        sys.exit(f"check_report: {report} does not exist")
    png = os.path.abspath(args.png or os.path.splitext(report)[0] + ".png")
    fold_png = os.path.abspath(args.fold_png or os.path.splitext(report)[0] + "-fold.png")
    url = "file://" + report
    binary = find_chromium(args.chromium)
    failures = []

    dom_run = chromium(binary, ["--dump-dom"], url)
    if dom_run.returncode != 0:
        failures.append(f"chromium --dump-dom exited {dom_run.returncode}: {dom_run.stderr[-500:]}")
    dom = DomCheck()
    dom.feed(dom_run.stdout)
    if not dom.svgs:
        failures.append("the rendered page has no <svg> chart at all")
    for title, marks in dom.svgs:
        if marks == 0:
            failures.append(f"empty chart: <svg aria-label='{title}'> has no drawn marks")
    if dom.scripts:
        failures.append(f"the page has {dom.scripts} <script> element(s); it must work without scripts")
    if dom.external:
        failures.append("the page loads external resources: " + ", ".join(dom.external[:5]))
    for expected in ["answers", "vector-map", "cohorts", "calibration", "forecasts", "comp"]:
        if expected not in dom.sections:
            failures.append(f"section #{expected} is missing from the page")

    # Whole page: about 1 px per ... we do not know the layout height without scripts, so take a
    # tall window and trim the white space below the page afterwards.
    height = args.height or 30000
    shot = chromium(binary, [f"--window-size=1280,{height}", f"--screenshot={png}"], url)
    logs = dom_run.stderr + shot.stderr
    console = [l for l in logs.splitlines() if "CONSOLE" in l or "Uncaught" in l or "Failed to load resource" in l
               or "net::ERR" in l]
    if console:
        failures.append("console messages:\n    " + "\n    ".join(console[:10]))
    if shot.returncode != 0 or not os.path.isfile(png):
        failures.append(f"chromium --screenshot failed (exit {shot.returncode}): {shot.stderr[-500:]}")
    else:
        try:
            from PIL import Image
            img = Image.open(png).convert("RGB")
            # Trim trailing white rows.
            w, h = img.size
            px = img.load()
            bottom = h
            step = 8
            while bottom > 0 and all(px[x, bottom - 1] == (255, 255, 255) for x in range(0, w, step)):
                bottom -= 1
            if bottom == 0:
                failures.append("the screenshot is blank")
            else:
                img.crop((0, 0, w, min(h, bottom + 40))).save(png)
                colours = len(img.crop((0, 0, w, min(bottom, 3000))).resize((320, 750)).getcolors(maxcolors=1 << 20) or [])
                if colours < 20:
                    failures.append(f"the screenshot looks empty ({colours} colours)")
        except ImportError:
            if os.path.getsize(png) < 50_000:
                failures.append(f"the screenshot is suspiciously small ({os.path.getsize(png)} bytes)")

    box = fold_check(binary, url, fold_png, failures)
    if box is not None:
        print(f"check_report: answers block at {box['top']:.0f}–{box['bottom']:.0f} px of a {FOLD_WIDTH}x{FOLD_HEIGHT} screen; "
              f"fold screenshot {fold_png}")
    print(f"check_report: {len(dom.svgs)} charts, marks per chart: " + ", ".join(str(m) for _, m in dom.svgs))
    print(f"check_report: {len(dom.sections)} sections, {dom.missing_notes} 'missing input' note(s); screenshot {png}")
    if failures:
        print("check_report: FAILED", file=sys.stderr)
        for f in failures:
            print("  - " + f, file=sys.stderr)
        sys.exit(1)
    print("check_report: OK")


if __name__ == "__main__":
    main()
