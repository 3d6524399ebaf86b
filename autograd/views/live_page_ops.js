"use strict";
// chainrule's live page, its ops: the formulas of autograd/engine/ops.py and nn's losses in the same arithmetic and
// order, so the page's numbers are Python's; and numbers written as Python's format(x, ".4g") writes them.
const chainruleOps = (function () {
  // ----- numbers written as Python's format(x, ".4g") writes them -----
  function g(x, p) {
    if (Number.isNaN(x)) return "nan";
    if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
    if (x === 0) return Object.is(x, -0) ? "-0" : "0";
    const sign = x < 0 ? "-" : "", a = Math.abs(x);
    let [m, e] = a.toExponential(p - 1).split("e"); // rounds a tie up, Python to even: find exact ties
    if (a.toExponential(p).split("e")[0].endsWith("5")) {
      const [fm, fe] = a.toExponential(99).split("e");
      const all = fm.replace(".", "");
      if (all[p] === "5" && /^0*$/.test(all.slice(p + 1)) && Number(all[p - 1]) % 2 === 0) {
        m = all.slice(0, p);
        e = fe;
      }
    }
    const digits = m.replace(".", ""), exp = Number(e);
    const strip = (s) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
    if (exp < -4 || exp >= p) {
      const n = Math.abs(exp);
      return sign + strip(digits[0] + "." + digits.slice(1)) + "e" + (exp < 0 ? "-" : "+") + (n < 10 ? "0" : "") + n;
    }
    const fixed = exp >= 0 ? digits.slice(0, exp + 1) + "." + digits.slice(exp + 1) : "0." + "0".repeat(-exp - 1) + digits;
    return sign + strip(fixed);
  }

  // ----- the ops: [value, ∂/∂x0, ∂/∂x1, …] from the operands' values -----
  class OpError extends Error {}
  const fail = (msg) => { throw new OpError(msg); };
  const pymax = (a, b) => (b > a ? b : a);
  const pymod = (a, b) => ((a % b) + b) % b;
  const sum = (xs) => { let s = 0; for (const x of xs) s += x; return s; };
  const sigmoid = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
  const sign = (x) => (x > 0 ? 1 : x < 0 ? -1 : 0);
  const r = (x) => (Object.is(x, -0) ? "-0.0" : Number.isInteger(x) ? x.toFixed(1) : String(x));
  function powd(base, k) {
    if (k === 0) return 0;
    if (base === 0 && k < 1) return k > 0 ? Infinity : -Infinity;
    const p = Math.pow(base, k - 1);
    if (!Number.isFinite(p) && Number.isFinite(base) && Number.isFinite(k)) {
      return base < 0 && pymod(k - 1, 2) === 1 ? -k * Infinity : k * Infinity;
    }
    return k * p;
  }
  function softmax(z) {
    let m = z[0];
    for (const zi of z) if (zi > m) m = zi;
    const e = z.map((zi) => Math.exp(zi - m));
    const s = sum(e);
    return e.map((ei) => ei / s);
  }
  const EPS = Math.fround(1e-12);
  const OPS = {
    add: ([a, b]) => [a + b, 1, 1],
    sub: ([a, b]) => [a - b, 1, -1],
    mul: ([a, b]) => [a * b, b, a],
    div: ([a, b]) => {
      if (b === 0) fail("/: division by zero: " + r(a) + " / " + r(b));
      const bb = b * b;
      return [a / b, 1 / b, bb ? -a / bb : -(a / b) / b];
    },
    neg: ([a]) => [-a, -1],
    pow: ([a, b]) => {
      if (a < 0 && !Number.isInteger(b)) fail("**: negative base " + r(a) + " with non-integer exponent " + r(b));
      if (a === 0 && b < 0) fail("**: 0 to a negative power " + r(b));
      const out = a === 1 ? 1 : Math.pow(a, b);
      if (!Number.isFinite(out) && Number.isFinite(a) && Number.isFinite(b)) fail("**: " + r(a) + " ** " + r(b) + " overflows a float");
      return [out, powd(a, b), a > 0 ? out * Math.log(a) : a === 0 ? 0 : NaN];
    },
    exp: ([a]) => {
      const out = Math.exp(a);
      if (out === Infinity && Number.isFinite(a)) fail("exp: exp(" + r(a) + ") overflows a float");
      return [out, out];
    },
    log: ([a]) => { if (!(a > 0)) fail("log: input must be > 0, got " + r(a)); return [Math.log(a), 1 / a]; },
    tanh: ([a]) => { const t = Math.tanh(a); return [t, 1 - t * t]; },
    sigmoid: ([a]) => { const s = sigmoid(a); return [s, s * (1 - s)]; },
    relu: ([a]) => (a <= 0 ? [0, 0] : [a, 1]),
    sin: ([a]) => (Number.isFinite(a) ? [Math.sin(a), Math.cos(a)] : [NaN, NaN]),
    cos: ([a]) => (Number.isFinite(a) ? [Math.cos(a), -Math.sin(a)] : [NaN, NaN]),
    abs: ([a]) => [Math.abs(a), sign(a)],
    sum: (x) => [sum(x), ...x.map(() => 1)],
    dot: (x) => {
      const n = Math.floor(x.length / 2), w = x.slice(0, n), xs = x.slice(n, 2 * n), b = x.slice(2 * n);
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i] * xs[i];
      return [s + (b.length ? b[0] : 0), ...xs, ...w, ...b.map(() => 1)];
    },
    folded: ([a], n) => {
      const res = OPS[n.base](n.side ? [a, n.k] : [n.k, a]);
      return [res[0], res[2 - n.side]];
    },
    half_sse: (y, n) => [0.5 * sum(y.map((yi, i) => (n.arg[i] - yi) ** 2)), ...y.map((yi, i) => yi - n.arg[i])],
    mse: (y, n) => {
      const k = 2 / y.length;
      return [sum(y.map((yi, i) => (yi - n.arg[i]) ** 2)) / y.length, ...y.map((yi, i) => k * (yi - n.arg[i]))];
    },
    hinge: (s, n) => {
      const len = s.length, t = n.arg;
      return [sum(s.map((si, i) => pymax(0, 1 - t[i] * si))) / len, ...s.map((si, i) => (1 - t[i] * si > 0 ? -t[i] / len : 0))];
    },
    bce: (p, n) => {
      let total = 0;
      p.forEach((pi, i) => {
        const y = n.arg[i];
        const lp = pi > 0 ? pymax(Math.log(pi), -100) : -100;
        const lq = pi < 1 ? pymax(Math.log(1 - pi), -100) : -100;
        total -= y * lp + (1 - y) * lq;
      });
      return [total / p.length, ...p.map((pi, i) => (pi - n.arg[i]) / pymax(pi * (1 - pi), EPS) / p.length)];
    },
    bce_logits: (z, n) => {
      const t = n.arg;
      const total = sum(z.map((zi, i) => pymax(zi, 0) - zi * t[i] + Math.log1p(Math.exp(-Math.abs(zi)))));
      return [total / z.length, ...z.map((zi, i) => (sigmoid(zi) - t[i]) / z.length)];
    },
    l2: (p, n) => { const k = 2 * n.arg; return [n.arg * sum(p.map((pi) => pi * pi)), ...p.map((pi) => k * pi)]; },
    softmax_ce: (z, n) => {
      const rows = n.arg, k = rows[0].length, len = rows.length, d = [];
      let total = 0;
      rows.forEach((y, j) => {
        const row = z.slice(j * k, j * k + k);
        let m = row[0];
        for (const zi of row) if (zi > m) m = zi;
        const lse = m + Math.log(sum(row.map((zi) => Math.exp(zi - m))));
        total += sum(row.map((zi, i) => y[i] * (lse - zi)));
        const sy = sum(y);
        softmax(row).forEach((p, i) => d.push((sy * p - y[i]) / len));
      });
      return [total / len, ...d];
    },
    softmax: (z, n) => {
      const ps = softmax(z), out = ps[n.arg];
      return [out, ...ps.map((p, j) => out * ((j === n.arg ? 1 : 0) - p))];
    },
  };

  return { OPS, OpError, g };
})();
