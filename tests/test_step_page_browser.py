"""The step page in a real browser: Debian's headless Chromium driven by chromedriver through Selenium.

Without chromium, chromedriver or selenium the tests skip, except under CI (``$CI`` set), where ``.ci/run``
installs them and their absence is a failure.
"""

import os
import shutil

import pytest

from autograd import step_page, topological_order
from nn.demo import seed_network

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
]


def _missing() -> list[str]:
    missing = [exe for exe in ("chromium", "chromedriver") if shutil.which(exe) is None]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[test]')")
    return missing


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = _missing()
    if missing:
        message = f"no browser to test the step page with: missing {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI installs them: apt-get install chromium chromium-driver)", pytrace=False)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def shown(driver) -> dict:
    """What the page shows: highlighted node ids, edge ids, the panel and each box's grad line."""
    return driver.execute_script(
        """
        const ids = (sel) => Array.from(document.querySelectorAll(sel), (el) => el.id);
        const text = (id) => document.getElementById(id).textContent;
        const grads = {};
        for (const g of document.querySelectorAll("g.node")) {
          const line = Array.from(g.querySelectorAll("text")).find((t) => t.textContent.startsWith("grad "));
          if (line) grads[g.id] = line.textContent;
        }
        return {current: ids("g.node.current"), terms: ids("g.edge.term"), upstream: ids("g.node.upstream"),
                name: text("step-name"), value: text("step-value"), counter: text("counter"),
                slider: document.getElementById("slider").value, grads: grads};
        """
    )


def test_next_prev_and_slider_show_the_engines_gradients(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    model, E = seed_network()  # E.backward() has run: node.grad is the engine's gradient
    topo = topological_order(E)
    page = step_page(E, model=model)
    browser.get(page.save(tmp_path / "steps.html").as_uri())

    def node(node_id):
        return topo[int(node_id[1:])]

    def check(k):
        now, frame = shown(browser), page.frames[k]
        (current,) = now["current"]
        assert current == frame.node_id
        v = node(current)
        assert now["name"] == frame.name and now["slider"] == str(k)
        assert float(now["value"]) == pytest.approx(v.grad, rel=5e-6)  # shown to 6 significant digits
        assert now["grads"][current] == f"grad {v.grad:.4g}"  # the box's own line, at draw's 4 digits
        assert set(now["terms"]) == set(frame.edges) and set(now["upstream"]) == set(frame.inputs)
        later = {f.node_id for f in page.frames[k + 1 :]}
        assert all(now["grads"][i] == "grad ?" for i in later if i in now["grads"])
        return {**now, "node": v}

    assert check(0)["counter"].startswith("frame 1 / 17")
    for _ in range(3):
        browser.find_element(By.ID, "next").click()
    now = check(3)
    assert now["node"].label == "net_o1" and now["value"] == "0.138499"
    assert now["terms"] == ["en17_0"] and now["upstream"] == ["n17"]  # from out_o1 through R3

    browser.find_element(By.ID, "prev").click()
    assert check(2)["node"].label == "out_o2"

    slider = browser.find_element(By.ID, "slider")
    slider.send_keys(Keys.END)
    last = check(len(page) - 1)
    assert last["counter"].startswith("frame 17 / 17") and not browser.find_element(By.ID, "next").is_enabled()
    browser.execute_script("const s = arguments[0]; s.value = 9; s.dispatchEvent(new Event('input'))", slider)
    assert check(9)["node"].label == "out_h1"
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    assert check(10)["node"].label == "out_h2"


def test_forward_frames_then_backward(browser, tmp_path):
    from selenium.webdriver.common.by import By

    model, E = seed_network()
    page = step_page(E, model=model, forward=True, engine="wasm")  # the in-process Graphviz's SVG, too
    browser.get(page.save(tmp_path / "forward.html").as_uri())
    for _ in range(3):
        browser.find_element(By.ID, "next").click()
    now = shown(browser)
    out_h2 = page.frames[3].node
    assert now["current"] == [page.frames[3].node_id] and out_h2.label == "out_h2"
    assert float(now["value"]) == pytest.approx(out_h2.data, rel=5e-6)
    assert set(now["grads"].values()) == {"grad ?", "grad –"}  # no gradient before the backward pass
    topo = topological_order(E)
    fixed = {f"n{topo.index(v)}" for v in topo if not v.requires_grad}  # i1, i2, b1, b2: no step is theirs
    assert {k for k, g in now["grads"].items() if g == "grad –"} == fixed and len(fixed) == 4


def test_hostile_label_is_shown_as_text(browser, tmp_path):
    from selenium.webdriver.common.by import By

    model, E = seed_network()
    E.label = "</script><b>x"
    browser.get(step_page(E, model=model).save(tmp_path / "hostile.html").as_uri())
    assert browser.find_element(By.ID, "step-name").text == "∂</script><b>x/∂</script><b>x"
    assert not browser.find_elements(By.CSS_SELECTOR, "#graph b, #panel .now b")
    browser.find_element(By.ID, "next").click()
    assert browser.find_element(By.ID, "step-name").text == "∂</script><b>x/∂out_o1"


def test_the_chinese_page_steps_with_chinese_controls(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _, E = seed_network()
    page = step_page(E, forward=True, lang="zh")
    path = page.save(tmp_path / "steps_zh.html")
    browser.get(path.as_uri())
    forward = sum(f.kind == "forward" for f in page.frames)
    assert shown(browser)["counter"] == f"帧 1 / {len(page)} (前向传播 1 / {forward})"
    assert browser.find_element(By.ID, "phase").text == "值"
    assert browser.find_element(By.ID, "next").text == "下一步 ▶"
    browser.find_element(By.TAG_NAME, "body").send_keys("\ue010")  # End: the last backward frame
    assert (
        shown(browser)["counter"]
        == f"帧 {len(page)} / {len(page)} (反向传播 {len(page) - forward} / {len(page) - forward})"
    )
    assert browser.find_element(By.ID, "phase").text == "梯度"
