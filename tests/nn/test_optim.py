import pytest
import torch

from autograd import Value
from nn import MLP, SGD, Adam, mse

X = [[0.5, -1.0], [1.5, 0.3], [-0.7, 0.8], [0.1, 0.1]]
Y = [[1.0], [-0.5], [0.25], [0.0]]


def _torch_mlp(model):
    """The same network in torch float64, parameters in the same order as ours."""
    params = [torch.tensor(p.data, dtype=torch.float64, requires_grad=True) for p in model.parameters()]

    def forward(x):
        it = iter(params)
        h = [torch.tensor(v, dtype=torch.float64) for v in x]
        for layer in model.layers:
            outs = []
            for n in layer.neurons:
                net = sum(next(it) * xi for xi in h) + next(it)
                outs.append(torch.tanh(net) if n.activation == "tanh" else net)
            h = outs
        return torch.stack(h)

    return params, forward


def _train_both(make_ours, make_theirs, steps=6):
    model = MLP(2, [3, 1], activation="tanh", seed=3)
    params, forward = _torch_mlp(model)
    ours, theirs = make_ours(model.parameters()), make_theirs(params)
    for _ in range(steps):
        loss = mse([model.forward(x) for x in X], Y)
        ours.zero_grad()
        loss.backward()
        ours.step()
        tloss = torch.nn.functional.mse_loss(torch.stack([forward(x) for x in X]), torch.tensor(Y, dtype=torch.float64))
        theirs.zero_grad()
        tloss.backward()
        theirs.step()
        assert loss.data == pytest.approx(tloss.item(), rel=1e-12)
    assert [p.data for p in model.parameters()] == pytest.approx([p.item() for p in params], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("momentum, weight_decay", [(0.0, 0.0), (0.9, 0.0), (0.8, 0.01)])
def test_sgd_matches_torch(momentum, weight_decay):
    _train_both(
        lambda ps: SGD(ps, lr=0.1, momentum=momentum, weight_decay=weight_decay),
        lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=momentum, weight_decay=weight_decay),
    )


@pytest.mark.parametrize("weight_decay", [0.0, 0.05])
def test_adam_matches_torch(weight_decay):
    _train_both(
        lambda ps: Adam(ps, lr=0.05, betas=(0.8, 0.99), weight_decay=weight_decay),
        lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), weight_decay=weight_decay),
        steps=8,
    )


def test_lr_schedule_is_a_callable_of_the_step_count():
    p = Value(1.0)
    opt = SGD([p], lr=lambda k: 1.0 - 0.9 * k / 100)
    seen = []
    for _ in range(3):
        seen.append(opt.lr)
        p.grad = 1.0
        opt.step()
    assert seen == [1.0, 1.0 - 0.9 / 100, 1.0 - 1.8 / 100]
    assert p.data == pytest.approx(1.0 - sum(seen), abs=1e-15)


def test_zero_grad_resets_its_parameters():
    ps = [Value(1.0), Value(2.0)]
    for p in ps:
        p.grad = 3.0
    Adam(ps).zero_grad()
    assert [p.grad for p in ps] == [0.0, 0.0]


def test_optimizer_errors():
    with pytest.raises(ValueError, match="empty parameter list"):
        SGD([], lr=0.1)
    with pytest.raises(TypeError, match="parameters must be Values, got float"):
        SGD([1.0], lr=0.1)
    with pytest.raises(ValueError, match="lr must be a finite number ≥ 0, got -0.1"):
        SGD([Value(1.0)], lr=-0.1)
    with pytest.raises(ValueError, match="betas must be two numbers in \\[0, 1\\)"):
        Adam([Value(1.0)], betas=(0.9, 1.0))
    opt = SGD([Value(1.0)], lr=lambda k: float("nan"))
    with pytest.raises(ValueError, match="lr schedule at step 0 must be a finite number"):
        opt.step()


HUGE = 10**400  # an int no float holds: float(HUGE) raises OverflowError


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda ps: SGD(ps, lr=HUGE), "lr must be a finite number ≥ 0, got an integer of 401 digits"),
        (lambda ps: SGD(ps, lr=-HUGE), "lr must be a finite number ≥ 0, got an integer of 401 digits"),
        (lambda ps: SGD(ps, lr=0.1, momentum=HUGE), "momentum must be a finite number ≥ 0, got an integer of 401"),
        (lambda ps: SGD(ps, lr=0.1, weight_decay=HUGE), "weight_decay must be a finite number ≥ 0, got an integer"),
        (lambda ps: Adam(ps, lr=HUGE), "lr must be a finite number ≥ 0, got an integer of 401 digits"),
        (lambda ps: Adam(ps, betas=(HUGE, 0.9)), "each beta must be a finite number ≥ 0, got an integer of 401"),
        (lambda ps: Adam(ps, betas=(0.9, HUGE)), "each beta must be a finite number ≥ 0, got an integer of 401"),
        (lambda ps: Adam(ps, betas=0.9), r"betas must be two numbers in \[0, 1\), got 0.9"),
        (lambda ps: Adam(ps, betas=(0.9,)), r"betas must be two numbers in \[0, 1\), got \(0.9,\)"),
        (lambda ps: Adam(ps, eps=HUGE), "eps must be a finite number ≥ 0, got an integer of 401 digits"),
        (lambda ps: Adam(ps, weight_decay=HUGE), "weight_decay must be a finite number ≥ 0, got an integer of 401"),
        (lambda ps: Adam(ps, eps=float("inf")), "eps must be a finite number ≥ 0, got inf"),
    ],
)
def test_rates_too_large_for_a_float_are_value_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make([Value(1.0)])


def test_a_schedule_giving_a_huge_int_is_a_value_error_at_that_step():
    p = Value(1.0)
    opt = SGD([p], lr=lambda k: HUGE if k == 1 else 0.1)
    p.grad = 1.0
    opt.step()
    with pytest.raises(ValueError, match="lr schedule at step 1 must be a finite number ≥ 0, got an integer of 401"):
        opt.step()
    assert p.data == pytest.approx(0.9) and opt.steps == 1  # the refused step changed nothing
