// chainrule's live page: the graph recomputed with chainruleOps (live_page_ops.js, inlined before this script) on
// every change, rewriting the labels of the SVG drawn once by autograd.draw.
(function () {
  const D = JSON.parse(document.getElementById("chainrule-live").textContent);
  const T = D.text, nodes = D.nodes, N = nodes.length, root = D.root;
  const byId = (id) => document.getElementById(id);
  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const { OPS, OpError, g } = chainruleOps;
  const fmt = (x) => g(x, D.digits);
  const f4 = (x) => g(x, 4);
  const shown = (x) => g(x, 6);
  const factor = (x) => (x < 0 ? "(" + f4(x) + ")" : f4(x));

  // ----- the state: data, local derivatives and grads of every node -----
  const frozenIds = nodes.map((n, k) => (n.op === "frozen" ? k : -1)).filter((k) => k >= 0);
  const upstream = new Set(); // leaves that feed a frozen node: changing them would make it wrong
  for (const k of frozenIds) {
    const stack = [k];
    while (stack.length) {
      const j = stack.pop();
      for (const p of nodes[j].p || []) if (!upstream.has(p)) { upstream.add(p); stack.push(p); }
    }
  }
  let data = Float64Array.from(nodes, (n) => n.data);
  let local = nodes.map((n) => (n.d ? n.d.slice() : null));
  let grad = new Float64Array(N);

  function evaluate(values) {
    const out = Float64Array.from(values), d = new Array(N);
    for (let k = 0; k < N; k++) {
      const n = nodes[k];
      if (n.op === "leaf") continue;
      if (n.op === "frozen") { out[k] = n.data; d[k] = n.d; continue; }
      const xs = n.p.map((j) => out[j]);
      let res;
      try {
        res = OPS[n.op](xs, n);
      } catch (e) {
        if (e instanceof OpError) throw new OpError(e.message + " (" + T.at_node + " " + n.name + ")");
        throw e;
      }
      out[k] = res[0];
      d[k] = res.slice(1);
    }
    return [out, d];
  }
  function backward(d) {
    const gr = new Float64Array(N);
    gr[root] = 1;
    for (let k = N - 1; k >= 0; k--) {
      const p = nodes[k].p;
      if (!p) continue;
      const gk = gr[k], dk = d[k];
      for (let i = 0; i < p.length; i++) if (dk[i]) gr[p[i]] += dk[i] * gk;
    }
    return gr;
  }
  function recompute(values) { // atomic: on an op's error nothing changes
    const [out, d] = evaluate(values);
    data = out; local = d; grad = backward(d);
  }

  // ----- the picture -----
  const box = nodes.map((n, k) => {
    const g0 = byId("n" + k);
    if (!g0 || n.const) return null;
    const t = g0.getElementsByTagName("text");
    if (n.op === "frozen") g0.classList.add("frozen");
    return { g: g0, data: t[t.length - 2] || null, grad: t[t.length - 1] || null };
  });
  const edgeText = nodes.map((n, k) => (n.p || []).map((_, i) => {
    const e = byId("en" + k + "_" + i);
    return e ? e.getElementsByTagName("text")[0] || null : null;
  }));
  const setText = (t, s) => { if (t && t.textContent !== s) t.textContent = s; };
  const classes = new WeakMap(); // the classes render() set, so an unchanged one is not written again
  function toggle(e, cls, on) {
    let c = classes.get(e);
    if (!c) classes.set(e, (c = {}));
    if (c[cls] !== on) { c[cls] = on; e.classList.toggle(cls, on); }
  }

  // backward steps: frames in the vocabulary's order; frame F (the last slider position) shows everything
  const frames = D.steps.map(([k, terms]) => ({ k, terms }));
  const F = frames.length;
  const gradAt = new Map(frames.map((f, i) => [f.k, i]));
  let frame = F;
  const partial = (k) => "∂" + nodes[root].name + "/∂" + nodes[k].name;
  const rName = (c, i) => nodes[c].r[i];

  // exercise: the terms hidden on the paths to one variable
  let exercise = null; // {wrt, nodes: Set, edges: Set of "c_i", totals: Set, solved: Set}
  const totalOf = new Map(D.totals.map(([k, name, formula]) => [k, { name, formula }]));

  function render() {
    const hiddenGrad = (k) => exercise && exercise.nodes.has(k) && !exercise.solved.has("g" + k);
    for (let k = 0; k < N; k++) {
      const b = box[k];
      if (!b) continue;
      const n = nodes[k];
      setText(b.data, "data " + fmt(data[k]));
      let gtext = "grad " + fmt(grad[k]);
      if (frame < F) {
        const at = gradAt.get(k);
        gtext = at === undefined ? "grad –" : at <= frame ? gtext : "grad ?";
        toggle(b.g, "off", at === undefined);
      } else toggle(b.g, "off", false);
      const hide = hiddenGrad(k);
      setText(b.grad, hide ? "grad ?" : gtext);
      if (b.grad) toggle(b.grad, "hidden", hide);
      toggle(b.g, "nonfinite", !Number.isFinite(data[k]) || !Number.isFinite(grad[k]));
      if (n.p) {
        for (let i = 0; i < n.p.length; i++) {
          const t = edgeText[k][i];
          if (!t) continue;
          const hide = exercise && exercise.edges.has(k + "_" + i) && !exercise.solved.has(n.r[i]);
          setText(t, (n.r[i] ? n.r[i] + " = " : "") + (hide ? "?" : fmt(local[k][i])));
          toggle(t, "hidden", !!hide);
        }
      }
    }
    renderFrame();
    renderTerms();
    renderControls();
  }

  let marked = [];
  const slider = byId("slider");
  slider.max = String(F);
  const setProp = (e, key, v) => { if (e[key] !== v) e[key] = v; };
  function renderFrame() {
    for (const [e, cls] of marked) e.classList.remove(cls);
    marked = [];
    setProp(slider, "value", String(frame));
    setProp(byId("prev"), "disabled", frame === 0);
    setProp(byId("next"), "disabled", frame === F);
    if (document.body.getAttribute("data-frame") !== String(frame)) document.body.setAttribute("data-frame", String(frame));
    const secret = exercise !== null;
    if (frame === F) {
      setText(byId("counter"), T.all_steps.replace("{n}", String(F)));
      setText(byId("phase"), T.output);
      setText(byId("step-name"), nodes[root].name);
      setText(byId("step-value"), shown(data[root]));
      setText(byId("step-formula"), "");
      return;
    }
    const f = frames[frame], k = f.k;
    byId("counter").textContent = T.step_of.replace("{k}", String(frame + 1)).replace("{n}", String(F));
    byId("phase").textContent = T.gradient;
    byId("step-name").textContent = partial(k);
    const hidden = secret && exercise.nodes.has(k) && !exercise.solved.has("g" + k);
    byId("step-value").textContent = hidden ? "?" : shown(grad[k]);
    if (!f.terms.length) byId("step-formula").textContent = partial(k) + " = 1";
    else {
      const symbols = f.terms.map(([c, i]) => rName(c, i) + " · " + partial(c)).join(" + ");
      const numbers = f.terms.map(([c, i]) => factor(local[c][i]) + " × " + factor(grad[c])).join(" + ");
      byId("step-formula").textContent = partial(k) + " = " + symbols + (secret ? "" : " = " + numbers + " = " + f4(grad[k]));
    }
    const mark = (id, cls) => { const e = byId(id); if (e) { e.classList.add(cls); marked.push([e, cls]); } };
    for (const [c, i] of f.terms) { mark("en" + c + "_" + i, "term"); mark("n" + c, "upstream"); }
    mark("n" + k, "current");
  }

  // the explanation: every R of the vocabulary, its edge, formula and value
  const rows = [];
  for (let k = 0; k < N; k++) {
    const n = nodes[k];
    (n.r || []).forEach((name, i) => {
      if (name) rows.push({ name, edge: "∂" + n.name + "/∂" + nodes[n.p[i]].name, formula: n.f[i], value: () => local[k][i], key: k + "_" + i });
    });
  }
  for (const [k, t] of totalOf) rows.push({ name: t.name, edge: partial(k) + " (" + T.total + ")", formula: t.formula, value: () => grad[k], key: "t" + k });
  rows.sort((a, b) => Number(a.name.slice(1)) - Number(b.name.slice(1)));
  const body = byId("terms-body");
  for (const row of rows) {
    const tr = el("tr", { id: "term-" + row.name });
    tr.append(el("td", {}, row.name), el("td", {}, row.edge), el("td", { class: "f" }, row.formula), el("td"));
    row.cell = tr.lastChild;
    body.append(tr);
  }
  const termsBox = byId("terms");
  termsBox.addEventListener("toggle", () => renderTerms());
  function renderTerms() {
    if (!termsBox.open) return; // a closed table is filled when opened
    for (const row of rows) {
      const hide = exercise && (exercise.edges.has(row.key) || exercise.totals.has(row.key)) && !exercise.solved.has(row.name);
      setText(row.cell, hide ? "?" : shown(row.value()));
    }
  }

  // ----- controls: a slider and a number box per variable and input -----
  const controls = new Map();
  const controlled = D.variables.concat(D.inputs);
  for (const k of controlled) {
    const n = nodes[k], span = D.span * Math.max(1, Math.abs(n.data));
    const div = el("div", { class: "leaf", id: "leaf-n" + k });
    const range = el("input", { type: "range", min: String(n.data - span), max: String(n.data + span), step: "any", "aria-label": n.name });
    const num = el("input", { type: "number", step: "any", "aria-label": n.name });
    range.value = String(n.data);
    div.append(el("span", { class: "name" }, n.name + (D.inputs.includes(k) ? " (" + T.input + ")" : "")), range, num);
    const disabled = upstream.has(k);
    range.disabled = num.disabled = disabled;
    if (disabled) { div.classList.add("disabled"); div.title = T.frozen_control; }
    range.addEventListener("input", () => change(k, Number(range.value), range));
    num.addEventListener("change", () => change(k, Number(num.value), num));
    controls.set(k, { range, num });
    byId("leaf-controls").append(div);
  }
  const lastShown = new Map();
  function renderControls(except) {
    for (const [k, c] of controls) {
      if (lastShown.get(k) === data[k]) continue;
      lastShown.set(k, data[k]);
      const v = String(data[k]);
      if (c.num !== except && c.num.value !== v) c.num.value = v;
      if (c.range !== except) {
        if (data[k] < Number(c.range.min)) c.range.min = v;
        if (data[k] > Number(c.range.max)) c.range.max = v;
        c.range.value = v;
      }
    }
  }
  const status = (msg) => { byId("status").textContent = msg; };
  function change(k, value, from) {
    try { set(k, value); status(""); } catch (e) { status(e.message); }
    renderControls(from);
  }
  function set(k, value) {
    if (!controls.has(k)) throw new Error(T.not_a_control.replace("{name}", nodes[k].name));
    if (upstream.has(k)) throw new Error(T.frozen_control + " (" + nodes[k].name + ")");
    if (!Number.isFinite(value)) throw new Error(T.not_a_number.replace("{name}", nodes[k].name));
    const values = Float64Array.from(data);
    values[k] = value;
    recompute(values);
    render();
  }

  // ----- notes: why a node is frozen -----
  for (const k of frozenIds) {
    byId("notes").append(el("p", {}, T.frozen_note.replace("{node}", nodes[k].name).replace("{op}", nodes[k].opname)));
  }

  // ----- training: SGD on the variables, on the recorded graph -----
  const losses = [];
  function sgd(lr) {
    if (!Number.isFinite(lr)) throw new Error(T.not_a_number.replace("{name}", T.lr));
    const values = Float64Array.from(data);
    for (const k of D.variables) if (!upstream.has(k)) values[k] -= lr * grad[k];
    if (!losses.length) losses.push(data[root]);
    recompute(values);
    losses.push(data[root]);
  }
  function plot() {
    const w = 240, h = 56, lo = Math.min(...losses), hi = Math.max(...losses), n = Math.max(1, losses.length - 1);
    const pts = losses.map((l, i) => (2 + (i * (w - 4)) / n).toFixed(1) + "," + (hi > lo ? 2 + ((hi - l) * (h - 4)) / (hi - lo) : h / 2).toFixed(1));
    byId("loss-plot").firstElementChild.setAttribute("points", pts.join(" "));
    byId("loss-text").textContent = T.loss_after.replace("{k}", String(losses.length - 1)).replace("{loss}", shown(data[root]));
  }
  function train(count) {
    const lr = Number(byId("lr").value);
    try { for (let i = 0; i < count; i++) sgd(lr); status(""); } catch (e) { status(e.message); }
    plot();
    render();
  }
  byId("train-step").addEventListener("click", () => train(1));
  byId("train-run").addEventListener("click", () => train(Math.max(1, Math.floor(Number(byId("steps").value)) || 1)));

  // ----- stepping -----
  function show(k) { frame = Math.max(0, Math.min(F, k)); renderFrame(); render(); }
  byId("prev").addEventListener("click", () => show(frame - 1));
  byId("next").addEventListener("click", () => show(frame + 1));
  byId("slider").addEventListener("input", () => show(Number(byId("slider").value)));
  document.addEventListener("keydown", (e) => {
    const t = e.target.tagName;
    if (t === "INPUT" || t === "SELECT") return;
    const to = { ArrowRight: frame + 1, ArrowLeft: frame - 1, Home: 0, End: F }[e.key];
    if (to !== undefined) { e.preventDefault(); show(to); }
  });

  // ----- exercise mode -----
  const wrtSelect = byId("exercise-wrt");
  for (const k of D.variables) wrtSelect.append(el("option", { value: String(k) }, nodes[k].name));
  function startExercise(k) {
    const form = byId("exercise-form");
    form.textContent = "";
    if (k === null) { exercise = null; byId("exercise-score").textContent = ""; render(); return; }
    const leads = new Array(N).fill(false);
    for (let j = 0; j < N; j++) leads[j] = j === k || (nodes[j].p || []).some((p) => leads[p]);
    const ex = { wrt: k, nodes: new Set(), edges: new Set(), totals: new Set(), solved: new Set(), items: [] };
    for (let j = 0; j < N; j++) {
      if (!leads[j] || j === root) continue;
      if (gradAt.has(j)) ex.nodes.add(j);
    }
    for (let c = 0; c < N; c++) {
      (nodes[c].p || []).forEach((p, i) => { if (leads[p] && leads[c] && nodes[c].r[i]) ex.edges.add(c + "_" + i); });
    }
    for (const [j] of totalOf) if (leads[j]) ex.totals.add("t" + j);
    for (const row of rows) {
      if (ex.edges.has(row.key) || ex.totals.has(row.key)) ex.items.push({ id: row.name, label: row.name + " = " + row.edge, value: row.value, hint: row.formula });
    }
    for (const f of frames) {
      if (!ex.nodes.has(f.k)) continue;
      const hint = f.terms.map(([c, i]) => rName(c, i) + " · " + partial(c)).join(" + ");
      ex.items.push({ id: "g" + f.k, label: partial(f.k), value: () => grad[f.k], hint });
    }
    exercise = ex;
    for (const item of ex.items) {
      const span = el("span", { class: "ex-term", "data-term": item.id });
      const input = el("input", { type: "text", inputmode: "decimal", "aria-label": item.label });
      const mark = el("span", { class: "mark" });
      const hintButton = el("button", { type: "button" }, T.hint);
      const hint = el("span", { class: "hint" });
      input.addEventListener("change", () => answer(item, input.value, mark));
      hintButton.addEventListener("click", () => { hint.textContent = " " + item.hint; });
      span.append(el("span", {}, item.label + " = "), input, mark, hintButton, hint);
      form.append(span);
      item.mark = mark;
    }
    score();
    render();
  }
  function right(typed, truth) {
    return Number.isFinite(typed) && Math.abs(typed - truth) <= 1e-3 * Math.abs(truth) + (truth === 0 ? 1e-12 : 0);
  }
  function answer(item, text, mark) {
    const typed = Number(String(text).trim());
    const ok = String(text).trim() !== "" && right(typed, item.value());
    mark.textContent = ok ? " ✓ " : " ✗ ";
    mark.className = "mark " + (ok ? "right" : "wrong");
    if (ok) exercise.solved.add(item.id); else exercise.solved.delete(item.id);
    score();
    render();
    return ok;
  }
  function score() {
    byId("exercise-score").textContent = T.exercise_score.replace("{k}", String(exercise.solved.size)).replace("{n}", String(exercise.items.length));
  }
  wrtSelect.addEventListener("change", () => startExercise(wrtSelect.value === "" ? null : Number(wrtSelect.value)));

  // ----- the scripting interface -----
  const byName = new Map(nodes.map((n, k) => [n.name, k]));
  const find = (name) => {
    if (!byName.has(name)) throw new Error(T.no_node.replace("{name}", String(name)));
    return byName.get(name);
  };
  window.chainrule = {
    names: () => nodes.map((n) => n.name),
    nodes: () => nodes.map((n, k) => ({ name: n.name, data: data[k], grad: grad[k], local: local[k] ? local[k].slice() : [] })),
    controls: () => controlled.filter((k) => !upstream.has(k)).map((k) => nodes[k].name),
    get: (name) => { const k = find(name); return { data: data[k], grad: grad[k], local: local[k] ? local[k].slice() : [] }; },
    set: (name, value) => { const t0 = performance.now(); set(find(name), Number(value)); return performance.now() - t0; },
    step: (lr) => { sgd(Number(lr === undefined ? byId("lr").value : lr)); plot(); render(); return data[root]; },
    backwardStep: (k) => { show(k === undefined || k === null ? F : Number(k)); return frame; },
    frames: () => F,
    exercise: (name) => { wrtSelect.value = name === null ? "" : String(find(name)); startExercise(name === null ? null : find(name)); return exercise ? exercise.items.map((i) => i.id) : []; },
    check: (id, value) => { const item = exercise.items.find((i) => i.id === id); return answer(item, String(value), item.mark); },
  };
  try { recompute(data); } catch (e) { status(e.message); }
  render();
  document.body.classList.add("ready");
})();
