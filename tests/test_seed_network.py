"""The seeds' 2-2-2 sigmoid network (seeds 002 and 004, Mazur's example) built by hand from Values.

Seed 002 prints its numbers truncated to about four digits, so each is checked to one unit in
its last printed place; PyTorch float64 checks the same graph to full precision.
"""

import pytest
import torch

import autograd
from autograd import Value

INPUTS = (0.05, 0.10)
W1 = ((0.15, 0.20), (0.25, 0.30))
W2 = ((0.40, 0.45), (0.50, 0.55))
B = (0.35, 0.60)
TARGET = (0.01, 0.99)


def network(fused: bool):
    i = [Value(x, f"i{k + 1}") for k, x in enumerate(INPUTS)]
    w1 = [[Value(w, f"w{2 * r + c + 1}") for c, w in enumerate(row)] for r, row in enumerate(W1)]
    w2 = [[Value(w, f"w{2 * r + c + 5}") for c, w in enumerate(row)] for r, row in enumerate(W2)]
    b1, b2 = Value(B[0], "b1"), Value(B[1], "b2")

    def net(w, x, b):
        return autograd.dot(w, x, b) if fused else w[0] * x[0] + w[1] * x[1] + b

    out_h = [net(w1[r], i, b1).sigmoid() for r in range(2)]
    net_o = [net(w2[r], out_h, b2) for r in range(2)]
    out_o = [n.sigmoid() for n in net_o]
    E = autograd.sum([0.5 * (t - o) ** 2 for t, o in zip(TARGET, out_o)])
    E.backward()
    return dict(out_h=out_h, net_o=net_o, out_o=out_o, E=E, w1=w1, w2=w2, b1=b1, b2=b2)


def within(value, printed, places):
    """Equal to a number printed with ``places`` decimals, to one unit in its last place."""
    return abs(value - printed) <= 10.0**-places


@pytest.mark.parametrize("fused", [True, False])
def test_forward_matches_seed_002(fused):
    n = network(fused)
    assert [within(v.data, p, 4) for v, p in zip(n["out_h"], (0.5933, 0.5969))] == [True, True]
    assert [within(v.data, p, 3) for v, p in zip(n["out_o"], (0.751, 0.773))] == [True, True]
    assert n["E"].data == pytest.approx(0.298371109, abs=1e-9)


@pytest.mark.parametrize("fused", [True, False])
def test_gradients_match_seed_002(fused):
    """Seed 002 rounds intermediates (e.g. a(1 − a) = 0.187), so its δ(2)₁ = 0.1386 is 1.0e-4 from the
    exact 0.13850: checked to 1.5e-4. Its printed slips are checked at their exact values instead:
    δ(2)₂ is −0.0381, not −0.0386 (−0.217 × 0.1755), so ∂J/∂w₇, ∂J/∂w₈ are −0.0226, −0.0227 and
    w₇*, w₈*, b₂₂* are 0.5113, 0.5614, 0.6190 (not 0.5115, 0.5615, 0.6193); and ∂J/∂W₁ = δ(1)·Xᵀ is
    0.000439 … 0.000995, ten times smaller than printed (its W₁* uses the right magnitude)."""
    n = network(fused)
    delta2 = [v.grad for v in n["net_o"]]
    delta1 = [o.parents[0].grad for o in n["out_h"]]
    dW2 = [w.grad for row in n["w2"] for w in row]
    dW1 = [w.grad for row in n["w1"] for w in row]
    W2_new = [w.data - 0.5 * w.grad for row in n["w2"] for w in row]
    W1_new = [w.data - 0.5 * w.grad for row in n["w1"] for w in row]
    b2_new = [B[1] - 0.5 * d for d in delta2]
    b1_new = [B[0] - 0.5 * d for d in delta1]
    printed = {
        "δ(2)₁": (delta2[0], 0.1386, 1.5e-4),
        "δ(1)": (delta1, (0.0087, 0.0099), 1e-4),
        "∂J/∂w5,w6": (dW2[:2], (0.0822, 0.0827), 1e-4),
        "W2* row 1": (W2_new[:2], (0.3589, 0.4086), 1e-4),
        "b2*₁": (b2_new[0], 0.5307, 1e-4),
        "W1*": (W1_new, (0.1498, 0.1996, 0.2498, 0.2995), 1e-4),
        "b1*": (b1_new, (0.3456, 0.345), 1e-4),
    }
    exact = {
        "δ(2)₂": (delta2[1], -0.0381, 1e-4),
        "∂J/∂w7,w8": (dW2[2:], (-0.0226, -0.0227), 1e-4),
        "W2* row 2": (W2_new[2:], (0.5113, 0.5614), 1e-4),
        "b2*₂": (b2_new[1], 0.6190, 1e-4),
        "∂J/∂W1": (dW1, (0.000439, 0.000877, 0.000498, 0.000995), 1e-6),
    }
    for name, (got, want, tol) in {**printed, **exact}.items():
        got, want = (got, want) if isinstance(want, tuple) else ([got], [want])
        assert all(abs(g - w) <= tol for g, w in zip(got, want)), (name, got, want)


def test_gradients_match_mazur_and_torch_float64():
    n = network(True)
    grads = [w.grad for row in n["w1"] + n["w2"] for w in row]
    mazur_w5_w1 = (0.082167041, 0.000438568)
    assert grads[4] == pytest.approx(mazur_w5_w1[0], abs=1e-9) and grads[0] == pytest.approx(mazur_w5_w1[1], abs=1e-9)

    t = lambda x: torch.tensor(x, dtype=torch.float64, requires_grad=True)  # noqa: E731
    tw1, tw2, tb = t(W1), t(W2), t(B)
    h = torch.sigmoid(tw1 @ torch.tensor(INPUTS, dtype=torch.float64) + tb[0])
    o = torch.sigmoid(tw2 @ h + tb[1])
    E = 0.5 * ((torch.tensor(TARGET, dtype=torch.float64) - o) ** 2).sum()
    E.backward()
    expected = tw1.grad.flatten().tolist() + tw2.grad.flatten().tolist()
    assert grads == pytest.approx(expected, rel=1e-12)
    assert n["b1"].grad == pytest.approx(tb.grad[0].item(), rel=1e-12)
    assert n["b2"].grad == pytest.approx(tb.grad[1].item(), rel=1e-12)
    assert n["E"].data == pytest.approx(E.item(), rel=1e-14)
