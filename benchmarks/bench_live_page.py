"""How long the live page takes per change, measured in headless Chromium with ``performance.now()``: one
``window.chainrule.set`` (forward, local derivatives, backward and every label rewritten), and with the style
and layout that change forces (read at once, not at the next frame: headless frames come irregularly), for the
seeds' network and MLP(2, [16, 16, 1]) on one point. Goal: ≤ 16 ms (a frame).
Run: ``python benchmarks/bench_live_page.py`` (needs chromium, chromedriver and selenium)."""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import autograd
import nn
from autograd import Value
from nn.demo import seed_network

CHANGES = 50
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=1400,1000"]
MEASURE = """
const [name, x0, count] = arguments;
const set = [], layout = [];
const svg = document.querySelector("#graph svg");
for (let k = 0; k < count; k++) {
  const t0 = performance.now();
  window.chainrule.set(name, x0 + 0.001 * k);
  const t1 = performance.now();
  svg.getBBox(); document.body.getBoundingClientRect();  // style and layout done now, not at the next frame
  layout.push(performance.now() - t0); set.push(t1 - t0);
}
return {set, layout};
"""


def graphs():
    model, E = seed_network()
    yield "seeds' 2-2-2 network", autograd.live(E, model=model), "w5", 0.4
    mlp = nn.MLP(2, [16, 16, 1], seed=0)
    loss = nn.mse([mlp([Value(0.5, "x1", requires_grad=False), Value(-1.0, "x2", requires_grad=False)])], [1.0])
    loss.backward()
    first = mlp.parameters()[0]
    yield "MLP(2, [16, 16, 1]), one point", autograd.live(loss), autograd.vocabulary(loss).names[first], first.data


def main() -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    with tempfile.TemporaryDirectory() as tmp:
        for flag in FLAGS + [f"--user-data-dir={tmp}/profile"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        print(f"{driver.capabilities.get('browserVersion', '?')} headless, {CHANGES} changes of one variable each\n")
        print("| graph | nodes | set(): compute + labels, median (max) | set() + style and layout, median (max) |")
        print("| --- | --- | --- | --- |")
        try:
            for title, page, name, x0 in graphs():
                driver.get(page.save(Path(tmp) / "live.html").as_uri())
                nodes = len(driver.execute_script("return window.chainrule.names()"))
                t = driver.execute_script(MEASURE, name, x0, CHANGES)
                cell = lambda xs: f"{statistics.median(xs):.2f} ms ({max(xs):.2f})"
                print(f"| {title} | {nodes} | {cell(t['set'][1:])} | {cell(t['layout'][1:])} |")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
