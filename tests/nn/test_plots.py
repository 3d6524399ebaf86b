import sys

import pytest

matplotlib = pytest.importorskip("matplotlib", reason="pip install -e '.[notebooks]'")
matplotlib.use("Agg")

import nn  # noqa: E402
from nn import MLP, SGD  # noqa: E402


def test_history_plot_draws_every_recorded_curve():
    h = nn.History(loss=[1.0, 0.5], accuracy=[0.5, 0.75], val_loss=[1.2, 0.7], val_accuracy=[0.4, 0.6])
    fig = h.plot()
    loss_ax, acc_ax = fig.axes
    assert [list(line.get_ydata()) for line in loss_ax.lines] == [[1.0, 0.5], [1.2, 0.7]]
    assert [list(line.get_ydata()) for line in acc_ax.lines] == [[0.5, 0.75], [0.4, 0.6]]
    assert [t.get_text() for t in loss_ax.get_legend().get_texts()] == ["training loss", "validation loss"]
    assert len(nn.History(loss=[2.0, 1.0]).plot().axes) == 1
    with pytest.raises(ValueError, match="no epochs"):
        nn.History().plot()


def test_gradient_flow_plot_has_both_means_per_layer():
    model = MLP(2, [3, 3, 1], "sigmoid", seed=0)
    model([0.5, 1.0]).backward()
    flow = nn.gradient_flow(model)
    ax = flow.plot(label="sigmoid")
    assert [list(line.get_ydata()) for line in ax.lines] == [flow.weight_grad, flow.delta]
    assert ax.get_yscale() == "log"


def test_decision_boundary_shades_the_class_the_model_gives_each_grid_point():
    X, y = [[0.0, 0.0], [1.0, 1.0]], [-1, 1]
    model = MLP.from_weights([[[1.0, 1.0]]], [[-1.0]], output_activation="linear")  # score = x1 + x2 − 1
    ax = nn.plot_decision_boundary(model, X, y, resolution=5, padding=0.0)
    (shade,) = [c for c in ax.collections if hasattr(c, "levels") and len(c.levels)]
    assert list(shade.levels) == [-0.5, 0.5, 1.5]
    assert ax.collections[-1].get_offsets().tolist() == X
    assert list(ax.collections[-1].get_array()) == [0, 1]
    with pytest.raises(ValueError, match="2-D points"):
        nn.plot_decision_boundary(model, [[1.0, 2.0, 3.0]], [0])


def test_plots_without_matplotlib_name_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"chainrule\[notebooks\]"):
        nn.History(loss=[1.0]).plot()


def test_fit_history_plots_after_training():
    X, y = nn.data.moons(20, noise=0.1, seed=0)
    model = MLP(2, [4, 2], seed=0)
    h = nn.fit(model, X, y, loss="cross_entropy", optimizer=SGD(model.parameters(), lr=0.1), epochs=3,
               validation=0.25, verbose=False)  # fmt: skip
    assert [list(line.get_ydata()) for line in h.plot().axes[1].lines] == [h.accuracy, h.val_accuracy]
