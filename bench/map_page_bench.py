"""The map of all events with 20,000 events: page bytes and time to the first marker drawn.

    .venv/bin/python bench/map_page_bench.py [--runs 5] [--shots DIR]

Serves the bench database (bench/common.py, 20,000 demo events) on a local port, then
1. fetches /evenements/?vue=carte: HTML bytes, raw and gzipped (level 6, as nginx's default
   gzip_comp_level 1..9 would give about this), and the static files the map loads;
2. opens it in Chromium (/usr/bin/chromium, Playwright) `--runs` times with a cold cache and
   reports the time from navigation start to the first marker or cluster in the DOM, and to
   the first one on screen, with the first byte (server time) and DOMContentLoaded;
   the server is Werkzeug's, threaded, on the bench's SQLite database;
3. with --shots DIR, writes screenshots of the map pages at 1366×900 and 390×844.
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import threading
import urllib.request
from pathlib import Path

from common import bench_app
from map_bench import count_markers

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS

FIRST_MARKER = """() => new Promise((resolve) => {
  const selector = ".leaflet-marker-pane .leaflet-marker-icon";
  const done = () => resolve(performance.now());
  if (document.querySelector(selector)) { return done(); }
  new MutationObserver((_, obs) => {
    if (document.querySelector(selector)) { obs.disconnect(); done(); }
  }).observe(document, { childList: true, subtree: true });
})"""
SIZES = {"desktop": (1366, 900), "mobile": (390, 844)}


def serve(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:
        return response.read()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shots", type=Path)
    args = parser.parse_args()
    app = bench_app()
    app.config["PAGE_CACHE_TIMEOUT"] = 0
    server, base = serve(app)
    page_url = base + "/evenements/?vue=carte"
    body = fetch(page_url)
    markers = count_markers(body)
    print(f"Map of all events: {markers} markers")
    print(f"  HTML  {len(body) / 1024:8.1f} KB raw  {len(gzip.compress(body, 6)) / 1024:7.1f} KB gzipped")
    statics = re.findall(rb'"(/static/[^"?]+\.(?:json|geojson|js|css))(?:\?[^"]*)?"', body)
    total_raw = total_gz = 0
    for path in sorted(set(s.decode() for s in statics)):
        data = fetch(base + path)
        total_raw += len(data)
        total_gz += len(gzip.compress(data, 6))
    print(
        f"  static files named by the page: {total_raw / 1024:.1f} KB raw, {total_gz / 1024:.1f} KB gzipped"
    )

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, (width, height) in SIZES.items():
            dom, visible, first_byte, parsed = [], [], [], []
            for _ in range(args.runs):
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(page_url, wait_until="commit")
                dom.append(page.evaluate(FIRST_MARKER))
                page.locator(".leaflet-marker-pane .leaflet-marker-icon").first.wait_for(state="visible")
                visible.append(page.evaluate("() => performance.now()"))
                nav = page.evaluate("() => performance.getEntriesByType('navigation')[0].toJSON()")
                first_byte.append(nav["responseStart"])
                parsed.append(nav["domContentLoadedEventStart"])
                context.close()
            print(
                f"  {label} {width}×{height}: first marker in the DOM after {statistics.median(dom):.0f} ms, "
                f"visible after {statistics.median(visible):.0f} ms (median of {args.runs}, cold cache); "
                f"first byte {statistics.median(first_byte):.0f} ms, "
                f"DOMContentLoaded {statistics.median(parsed):.0f} ms"
            )
        if args.shots:
            args.shots.mkdir(parents=True, exist_ok=True)
            for label, (width, height) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                for name, path in (("search-map", "/evenements/?vue=carte"), ("regions", "/regions/")):
                    page.goto(base + path)
                    page.locator(".leaflet-marker-pane .leaflet-marker-icon").first.wait_for()
                    page.wait_for_timeout(800)
                    page.locator(".map-container").first.screenshot(
                        path=str(args.shots / f"{name}-{label}.png")
                    )
                context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
