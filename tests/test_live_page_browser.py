"""The live page in a real browser (headless Chromium through Selenium, as the step page's tests): its JavaScript
recomputes what Python's ``recompute`` + ``backward`` compute, on random graphs over every op; controls,
stepping, training (Mazur's step), exercise mode, hostile labels and a frozen custom op."""

import math
import random

import pytest

import autograd
import nn
from autograd import Value, recompute, topological_order, zero_grad
from nn.demo import SEED_AFTER_STEP, seed_network
from tests.test_recompute import BUILTIN, Softplus, leaf_values, random_graph
from tests.test_step_page_browser import browser  # noqa: F401 - the fixture

READY = "return document.body.classList.contains('ready') && document.getElementById('status').textContent"


def load(driver, page, path):
    driver.get(page.save(path).as_uri())
    assert driver.execute_script(READY) == "", "the page did not start cleanly"


def close(a: float, b: float) -> bool:
    return a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))


def assert_same_numbers(driver, root):
    """Every node's data, local derivatives and grad on the page equal Python's (rel. 1e-12)."""
    shown = driver.execute_script("return window.chainrule.nodes()")
    topo = topological_order(root)
    assert len(shown) == len(topo)
    for v, s in zip(topo, shown):
        assert close(s["data"], v.data), (s["name"], s["data"], v.data)
        assert close(s["grad"], v.grad), (s["name"], s["grad"], v.grad)
        assert len(s["local"]) == len(v.local_grads)
        assert all(close(a, b) for a, b in zip(s["local"], v.local_grads)), s["name"]


def edge_label(driver, edge_id):
    return driver.execute_script(
        "return document.getElementById(arguments[0]).getElementsByTagName('text')[0].textContent", edge_id
    )


def box_lines(driver, node_id):
    return driver.execute_script(
        "return Array.from(document.getElementById(arguments[0]).getElementsByTagName('text'), (t) => t.textContent)",
        node_id,
    )


@pytest.mark.parametrize("seed", range(6))
def test_parity_with_python_on_random_graphs(browser, tmp_path, seed):  # noqa: F811
    rng = random.Random(seed)
    root, leaves = random_graph(seed, leaf_values(rng), BUILTIN)
    root.backward()
    load(browser, autograd.live(root, edge_labels=True), tmp_path / "random.html")
    assert_same_numbers(browser, root)  # what the page computes at load, from the leaves alone
    in_graph = set(topological_order(root))
    for _ in range(3):
        for leaf, x in zip(leaves, leaf_values(rng)):
            leaf.data = x
            if leaf not in in_graph:  # a leaf no op happened to pick
                continue
            browser.execute_script("window.chainrule.set(arguments[0], arguments[1])", leaf.label, x)
        recompute(root)
        zero_grad(root)
        root.backward()
        assert_same_numbers(browser, root)


def test_a_control_recomputes_the_page(browser, tmp_path):  # noqa: F811
    model, E = seed_network()
    load(browser, autograd.live(E, model=model), tmp_path / "seed.html")
    words = autograd.vocabulary(E)
    w5 = next(p for p in model.parameters() if p.label == "w5")
    out_o1 = model.layers[1].neurons[0].out
    range_ = browser.find_element("css selector", f"#leaf-{words.ids[w5]} input[type=range]")
    browser.execute_script("const r = arguments[0]; r.value = 0.9; r.dispatchEvent(new Event('input'))", range_)
    w5.data = 0.9
    recompute(E)
    zero_grad(E)
    E.backward()
    assert_same_numbers(browser, E)
    assert box_lines(browser, words.ids[out_o1])[-2:] == [f"data {out_o1.data:.4g}", f"grad {out_o1.grad:.4g}"]
    r5 = next(k for k, r in words.r_names.items() if r == "R5")
    edge = edge_label(browser, words.edge_id(*r5))
    assert edge == f"R5 = {r5[0].local_grads[r5[1]]:.4g}"
    number = browser.find_element("css selector", f"#leaf-{words.ids[w5]} input[type=number]")
    assert float(number.get_attribute("value")) == 0.9
    number.clear()
    number.send_keys("0.4\n")  # back to the seed's w5
    _, fresh = seed_network()
    assert browser.execute_script("return window.chainrule.get('E_total').data") == pytest.approx(fresh.data, rel=1e-15)
    browser.find_element("css selector", "#terms summary").click()  # the table is filled when opened
    row = browser.find_element("css selector", "#term-R13 td:last-child").text
    assert row == f"{words.value('R13'):.6g}"


def test_stepping_follows_backward_steps_on_the_current_numbers(browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    model, E = seed_network()
    load(browser, autograd.live(E, model=model), tmp_path / "steps.html")
    browser.execute_script("window.chainrule.set('w7', 0.8)")
    w7 = next(p for p in model.parameters() if p.label == "w7")
    w7.data = 0.8
    recompute(E)
    steps = list(autograd.backward_steps(E))
    words = autograd.vocabulary(E)
    assert browser.execute_script("return window.chainrule.frames()") == len(steps) == 17

    def check(k):
        s = steps[k]
        assert browser.execute_script(
            "return Array.from(document.querySelectorAll('g.node.current'), (e) => e.id)"
        ) == [words.ids[s.node]]
        assert browser.find_element(By.ID, "step-name").text == s.name
        assert float(browser.find_element(By.ID, "step-value").text) == pytest.approx(s.grad, rel=5e-6)
        assert browser.find_element(By.ID, "step-formula").text == s.formula
        later = {words.ids[t.node] for t in steps[k + 1 :]}
        assert all(box_lines(browser, i)[-1] == "grad ?" for i in later)

    assert browser.execute_script("return window.chainrule.backwardStep(3)") == 3
    check(3)
    browser.find_element(By.ID, "next").click()
    check(4)
    browser.find_element(By.ID, "prev").click()
    browser.find_element(By.ID, "prev").click()
    check(2)
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    check(3)
    slider = browser.find_element(By.ID, "slider")
    browser.execute_script("const s = arguments[0]; s.value = 9; s.dispatchEvent(new Event('input'))", slider)
    check(9)
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.END)  # all steps: every grad shown
    assert browser.find_element(By.ID, "counter").text == "all 17 backward steps done"
    assert not browser.find_elements(By.CSS_SELECTOR, "g.node.current")


def test_training_gives_mazurs_weights_and_plots_the_loss(browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By

    model, E = seed_network()
    load(browser, autograd.live(E, model=model), tmp_path / "train.html")
    lr = browser.find_element(By.ID, "lr")
    lr.clear()
    lr.send_keys("0.5")
    browser.find_element(By.ID, "train-step").click()
    names = [f"w{k}" for k in range(1, 9)]
    weights = browser.execute_script("return arguments[0].map((n) => window.chainrule.get(n).data)", names)
    assert [f"{w:.{len(s.split('.')[1])}f}" for w, s in zip(weights, SEED_AFTER_STEP)] == SEED_AFTER_STEP
    assert browser.execute_script("return window.chainrule.get('b1').data") == 0.35  # fixed, as in the seed
    steps = browser.find_element(By.ID, "steps")
    steps.clear()
    steps.send_keys("9")
    browser.find_element(By.ID, "train-run").click()
    opt = nn.SGD(model.parameters(), lr=0.5)
    for _ in range(10):  # the same ten steps in Python, on the recorded graph
        opt.step()
        recompute(E)
        zero_grad(E)  # every leaf, the fixed inputs too: the page shows one backward's grads
        E.backward()
    assert_same_numbers(browser, E)
    points = browser.find_element(By.CSS_SELECTOR, "#loss-plot polyline").get_attribute("points").split()
    assert len(points) == 11
    assert browser.find_element(By.ID, "loss-text").text == f"after 10 steps: {E.data:.6g}"


def test_exercise_mode_hides_the_terms_and_marks_answers(browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    model, E = seed_network()
    words = autograd.vocabulary(E)
    load(browser, autograd.live(E, model=model), tmp_path / "exercise.html")
    Select(browser.find_element(By.ID, "exercise-wrt")).select_by_visible_text("w5")
    items = [e.get_attribute("data-term") for e in browser.find_elements(By.CSS_SELECTOR, "#exercise-form .ex-term")]
    out_o1, net_o1 = model.layers[1].neurons[0].out, model.layers[1].neurons[0].net
    w5 = next(p for p in model.parameters() if p.label == "w5")
    on_path = [out_o1, net_o1, w5]
    assert items == ["R1", "R3", "R5"] + [f"g{words.ids[v][1:]}" for v in on_path]
    assert all(box_lines(browser, words.ids[v])[-1] == "grad ?" for v in on_path)
    r5 = words.items["R5"]
    assert edge_label(browser, words.edge_id(*r5)) == "R5 = ?"
    browser.find_element(By.CSS_SELECTOR, "#terms summary").click()
    assert browser.find_element(By.CSS_SELECTOR, "#term-R5 td:last-child").text == "?"
    browser.execute_script("window.scrollTo(0, 0)")
    assert box_lines(browser, words.ids[model.layers[0].neurons[0].out])[-1] != "grad ?"  # off the path

    term = browser.find_element(By.CSS_SELECTOR, "#exercise-form .ex-term[data-term=R5]")
    answer = term.find_element(By.TAG_NAME, "input")
    answer.send_keys("0.6\n")  # wrong: R5 = ∂net_o1/∂w5 = out_h1 = 0.5933
    assert term.find_element(By.CSS_SELECTOR, ".mark").text == "✗"
    term.find_element(By.TAG_NAME, "button").click()
    assert term.find_element(By.CSS_SELECTOR, ".hint").text == words.formula(r5) == "out_h1"
    answer.clear()
    answer.send_keys(f"{words.value('R5'):.4f}\n")  # right to rel. 1e-3, as a learner rounds
    assert term.find_element(By.CSS_SELECTOR, ".mark").text == "✓"
    assert edge_label(browser, words.edge_id(*r5)) == f"R5 = {words.value('R5'):.4g}"  # revealed
    assert browser.find_element(By.ID, "exercise-score").text == "1 / 6 right"
    assert browser.execute_script(
        "return window.chainrule.check(arguments[0], arguments[1])", f"g{words.ids[w5][1:]}", w5.grad
    )
    assert box_lines(browser, words.ids[w5])[-1] == f"grad {w5.grad:.4g}"
    Select(browser.find_element(By.ID, "exercise-wrt")).select_by_index(0)  # off: every number back
    assert edge_label(browser, words.edge_id(*words.items["R1"])) == f"R1 = {words.value('R1'):.4g}"


def test_hostile_labels_cannot_break_the_page(browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By

    x = Value(0.5, "</script><b>x")
    w = Value(-1.5, "w\"'{|<>}\x1b")
    y = (x * w).tanh()
    y.label = "<!--y"
    y.backward()
    load(browser, autograd.live(y), tmp_path / "hostile.html")
    names = browser.execute_script("return window.chainrule.names()")
    assert names == ["</script><b>x", "w\"'{|<>}\\x1b", "mul1", "<!--y"]
    assert not browser.find_elements(By.CSS_SELECTOR, "b, #graph script")
    browser.execute_script("window.chainrule.set(arguments[0], 2)", "w\"'{|<>}\\x1b")
    w.data = 2.0
    recompute(y)
    zero_grad(y)
    y.backward()
    assert_same_numbers(browser, y)
    assert browser.find_element(By.CSS_SELECTOR, "#leaf-n0 .name").text == "</script><b>x"
    assert browser.title.endswith("<!--y")


def test_a_custom_op_is_frozen_and_its_upstream_controls_disabled(browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By

    a, b = Value(0.3, "a"), Value(-0.7, "b")
    s = Softplus()(a * 2)
    s.label = "s"
    out = s * b
    out.label = "out"
    out.backward()
    page = autograd.live(out)
    assert page.frozen == [s]
    load(browser, page, tmp_path / "frozen.html")
    words = autograd.vocabulary(out)
    assert "frozen" in browser.find_element(By.ID, words.ids[s]).get_attribute("class")
    assert browser.find_element(By.ID, "notes").text.startswith("s (softplus): this page does not know its op")
    assert not browser.find_element(By.CSS_SELECTOR, f"#leaf-{words.ids[a]} input[type=range]").is_enabled()
    assert browser.execute_script("return window.chainrule.controls()") == ["b"]
    with pytest.raises(Exception, match="frozen"):
        browser.execute_script("window.chainrule.set('a', 1)")
    browser.execute_script("window.chainrule.set('b', 1.25)")  # downstream of the frozen node: still live
    b.data = 1.25
    recompute(out)
    zero_grad(out)
    out.backward()
    assert_same_numbers(browser, out)
    assert browser.execute_script("window.chainrule.step(0.1); return window.chainrule.get('a').data") == 0.3


def test_a_failing_op_leaves_the_page_unchanged(browser, tmp_path):  # noqa: F811
    x = Value(2.0, "x")
    y = x.log()
    y.label = "ln"
    out = y * x
    out.backward()
    load(browser, autograd.live(out), tmp_path / "log.html")
    before = browser.execute_script("return window.chainrule.nodes()")
    with pytest.raises(Exception, match=r"log: input must be > 0, got -1.0 \(at node ln\)"):
        browser.execute_script("window.chainrule.set('x', -1)")
    assert browser.execute_script("return window.chainrule.nodes()") == before


def test_numbers_are_written_as_python_writes_them(browser, tmp_path):  # noqa: F811
    model, E = seed_network()
    load(browser, autograd.live(E, model=model), tmp_path / "format.html")
    rng = random.Random(0)
    xs = [0.0, -0.0, 1.0, -2.5, 1e-4, 9.9995e-5, 0.00012345, 12345.0, 99995.0, 1e16, 1.5e-300, math.pi]
    xs += [1234.5, 1235.5, -0.0009765625, 1234565.0, 2.5, 0.5]  # exact ties: Python rounds them to even
    xs += [rng.uniform(-1, 1) * 10 ** rng.randint(-8, 8) for _ in range(200)]
    for digits in (4, 6):
        shown = browser.execute_script("return arguments[0].map((x) => chainruleOps.g(x, arguments[1]))", xs, digits)
        assert shown == [f"{x:.{digits}g}" for x in xs]
