"""micrograd's two classic checks, ported as a user would, against PyTorch and micrograd 0.1.0 itself."""

import pytest
import torch
from micrograd.engine import Value as MgValue

from autograd import Value


def sanity(V):
    x = V(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    return x, y


def more_ops(V):
    a = V(-4.0)
    b = V(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    return a, b, g


def torch_leaf(x):
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)


def test_sanity_check():
    x, y = sanity(Value)
    assert y.data == -20.0 and x.grad == 46.0
    mx, my = sanity(MgValue)
    tx, ty = sanity(lambda v: torch_leaf(v))
    assert y.data == my.data == ty.item()
    assert x.grad == mx.grad == tx.grad.item()


def test_more_ops():
    a, b, g = more_ops(Value)
    ma, mb, mg = more_ops(MgValue)
    ta, tb, tg = more_ops(torch_leaf)
    assert g.data == pytest.approx(24.7041, abs=1e-4)
    assert a.grad == pytest.approx(138.8338, abs=1e-4)
    assert b.grad == pytest.approx(645.5773, abs=1e-4)
    tol = dict(rel=1e-12)
    assert g.data == pytest.approx(mg.data, **tol) and g.data == pytest.approx(tg.item(), **tol)
    assert a.grad == pytest.approx(ma.grad, **tol) and a.grad == pytest.approx(ta.grad.item(), **tol)
    assert b.grad == pytest.approx(mb.grad, **tol) and b.grad == pytest.approx(tb.grad.item(), **tol)
