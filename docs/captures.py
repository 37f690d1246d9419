"""Regenerate the README's screenshots of the published site, in a headless Chromium.

Usage, from the root of the repository (the demo is built first when ``--site`` is not
given; Chromium is ``/usr/bin/chromium`` or ``$PPGRAPH_CHROMIUM``, driven by Playwright's
Python package from the ``test`` extra, without Playwright's own browser download)::

    python docs/captures.py                     # builds the demo in a temporary folder
    python docs/captures.py --site ppgraph-demo/site

It writes ``docs/captures/*.png``: the regional view of the actor network (grouped by
département), the Creuse's view, and the orientation page answering for a chambre d'hôtes
in Sarlat at the financing stage. The pictures are taken at 1280 × 900, as a counsellor's
screen; the views are drawn the same way each time (fixed layout), so a new capture differs
only where the site changed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "captures"
VIEWPORT = {"width": 1280, "height": 900}

# (file written, page of the site, what to show: a CSS selector, and an optional fragment)
CAPTURES = [
    ("reseau-regional.png", "reseau.html", ".reseau-cadre", ""),
    ("reseau-creuse.png", "reseau-23.html", ".reseau-cadre", ""),
    ("orientation.png", "orientation.html", "main",
     "#territoire=commune-24520&type=chambre-hotes&etape=financement"),
]


def chromium() -> str:
    path = os.environ.get("PPGRAPH_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if not path:
        sys.exit("Chromium introuvable : apt-get install chromium, ou PPGRAPH_CHROMIUM=…")
    return path


def capture(site: Path, output: Path = OUTPUT) -> list[Path]:
    """Take the screenshots of :data:`CAPTURES` from the built ``site`` into ``output``;
    return the files written."""
    from playwright.sync_api import sync_playwright

    output.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(),
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            for name, page_name, selector, fragment in CAPTURES:
                page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
                page.goto((site / page_name).resolve().as_uri() + fragment)
                if page_name.startswith("reseau"):
                    page.wait_for_selector("#reseau[data-etat=pret]", state="attached",
                                           timeout=60_000)
                    page.mouse.move(0, 0)  # no tooltip in the picture
                else:
                    page.wait_for_selector(".orientation-structure", timeout=30_000)
                target = output / name
                element = page.locator(selector).first
                if page_name == "orientation.html":
                    # the form and the first answers: what fits on a counsellor's screen
                    box = element.bounding_box()
                    page.set_viewport_size({"width": VIEWPORT["width"], "height": 1400})
                    page.screenshot(path=str(target), clip={
                        "x": box["x"], "y": box["y"], "width": box["width"],
                        "height": min(box["height"], 1100)})
                else:
                    element.screenshot(path=str(target))
                written.append(target)
                page.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the demo)")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            import ppgraph

            site = ppgraph.build_demo(Path(tmp) / "demo").site_index.parent
        for path in capture(site, args.output):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
