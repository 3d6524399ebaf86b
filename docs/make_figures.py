"""Regenerate the pictures README.md shows: ``python docs/make_figures.py``. They are rendered with the
in-process WebAssembly Graphviz, which every install has, so ``tests/test_figures.py`` can check they are
current by drawing them again. The live page's screenshot (docs/live_page.png) is taken in headless Chromium
from docs/live_page.html; the PNG records that page's SHA-256, which ``tests/test_live_page.py`` checks."""

from __future__ import annotations

import hashlib
import shutil
import struct
import sys
import tempfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import autograd  # noqa: E402
from nn.demo import seed_drawing, seed_network  # noqa: E402

HERE = Path(__file__).resolve().parent
PNG_KEY = b"chainrule-live-page-sha256"


def figures() -> dict[str, str]:
    """{file name under docs/: SVG or HTML text}."""
    model, E = seed_network()
    figures = {"seed_network.svg": seed_drawing(model, E, engine="wasm").svg()}
    model, E = seed_network()
    figures["live_page.html"] = autograd.live(E, model=model, engine="wasm", lang="en").html()
    return figures


def with_text(png: bytes, key: bytes, text: str) -> bytes:
    """``png`` with a tEXt chunk ``key``: ``text`` after its header."""
    body = key + b"\0" + text.encode("latin-1")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    end_of_header = 8 + 25  # signature, then IHDR (length, type, 13 bytes, CRC)
    return png[:end_of_header] + chunk + png[end_of_header:]


def screenshot(page: Path, out: Path) -> None:
    """The live page of the seeds' network in headless Chromium after 20 SGD steps, at backward step 5."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    with tempfile.TemporaryDirectory() as tmp:
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,1000"):
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={tmp}")
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        try:
            driver.get(page.as_uri())
            driver.execute_script(
                "for (let i = 0; i < 20; i++) window.chainrule.step(0.5); window.chainrule.backwardStep(5)"
            )
            png = driver.get_screenshot_as_png()
        finally:
            driver.quit()
    out.write_bytes(with_text(png, PNG_KEY, hashlib.sha256(page.read_bytes()).hexdigest()))


if __name__ == "__main__":
    for name, text in figures().items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote docs/{name}")
    screenshot(HERE / "live_page.html", HERE / "live_page.png")
    print("wrote docs/live_page.png")
