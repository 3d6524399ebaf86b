import pytest

import nn
from nn import MLP, SGD, EarlyStopping


def _blobs():
    X, y = nn.data.spirals(30, classes=3, noise=0.0, seed=0)
    return X, y


def test_validation_loss_and_accuracy_are_those_of_the_model_after_each_epoch():
    X, y = _blobs()
    Xv, yv = X[:9], y[:9]
    model = MLP(2, [8, 3], "tanh", seed=0)
    seen = []

    def check(epoch, history):
        outs = [model(x) for x in Xv]
        seen.append((nn.cross_entropy(outs, yv).data, nn.accuracy(yv, nn.predict(model, Xv))))

    h = nn.fit(model, X, y, loss="cross_entropy", optimizer=SGD(model.parameters(), lr=0.5), epochs=4,
               validation=(Xv, yv), callbacks=[check], verbose=False)  # fmt: skip
    assert h.val_loss == [loss for loss, _ in seen] and h.val_accuracy == [a for _, a in seen]
    assert len(h.loss) == len(h.accuracy) == 4
    assert "val_loss" in repr(h) and "val_accuracy" in repr(h)


def test_a_validation_fraction_holds_out_the_last_samples_as_keras():
    X, y = _blobs()
    a, b = MLP(2, [8, 3], seed=1), MLP(2, [8, 3], seed=1)
    kw = dict(loss="cross_entropy", epochs=3, verbose=False)
    ha = nn.fit(a, X, y, optimizer=SGD(a.parameters(), lr=0.3), validation=0.2, **kw)
    hb = nn.fit(b, X[:24], y[:24], optimizer=SGD(b.parameters(), lr=0.3), validation=(X[24:], y[24:]), **kw)
    assert ha.loss == hb.loss and ha.val_loss == hb.val_loss and len(ha.val_loss) == 3
    assert a.state_dict() == b.state_dict()


@pytest.mark.parametrize(
    ("validation", "message"),
    [(1.5, "fraction must be in"), (0.999, "leaves no training data"), ((1, 2, 3), "must be"), (([], []), "> 0")],
)
def test_bad_validation_is_a_clear_error(validation, message):
    X, y = _blobs()
    model = MLP(2, [3], seed=0)
    with pytest.raises(ValueError, match=message):
        nn.fit(model, X, y, loss="cross_entropy", optimizer=SGD(model.parameters(), lr=0.1), validation=validation)


def test_a_callback_returning_true_stops_training():
    X, y = _blobs()
    model = MLP(2, [3], seed=0)
    h = nn.fit(model, X, y, loss="cross_entropy", optimizer=SGD(model.parameters(), lr=0.1), epochs=10,
               callbacks=[lambda epoch, history: epoch == 1], verbose=False)  # fmt: skip
    assert len(h.loss) == 2
    with pytest.raises(TypeError, match="callback must be"):
        nn.fit(model, X, y, loss="cross_entropy", optimizer=SGD(model.parameters(), lr=0.1), callbacks=[3])


def test_early_stopping_waits_patience_epochs_and_restores_the_best_weights():
    model = MLP(1, [1], seed=0)
    w = model.parameters()[0]
    stop = EarlyStopping(monitor="val_loss", patience=2)
    history = nn.History()
    stop.on_train_begin(model, history)
    answers = []
    for epoch, loss in enumerate([3.0, 2.0, 2.5, 1.99999, 2.6, 2.7, 2.8]):
        w.data = float(epoch)
        history.val_loss.append(loss)
        answers.append(stop.on_epoch_end(epoch, history))
        if answers[-1]:
            break
    assert answers == [None, None, None, None, None, True]
    assert (stop.best_epoch, stop.stopped_epoch) == (3, 5)
    stop.on_train_end(history)
    assert w.data == 3.0


def test_early_stopping_on_accuracy_wants_it_higher_and_min_delta_counts():
    model = MLP(1, [1], seed=0)
    stop = EarlyStopping(monitor="accuracy", patience=1, min_delta=0.05, restore_best_weights=False)
    history = nn.History()
    stop.on_train_begin(model, history)
    out = []
    for epoch, acc in enumerate([0.5, 0.6, 0.62]):
        history.accuracy.append(acc)
        out.append(stop.on_epoch_end(epoch, history))
    assert out == [None, None, True] and stop.best_epoch == 1


def test_early_stopping_in_fit_stops_when_nothing_improves():
    X, y = _blobs()
    model = MLP(2, [8, 3], seed=0)
    stop = EarlyStopping(patience=2)
    h = nn.fit(model, X, y, loss="cross_entropy", optimizer=SGD(model.parameters(), lr=0.0), epochs=20,
               validation=0.25, callbacks=[stop], verbose=False)  # fmt: skip
    assert len(h.val_loss) == 3 and h.val_loss[0] == h.val_loss[2]
    assert (stop.best_epoch, stop.stopped_epoch) == (0, 2)


def test_early_stopping_names_what_is_missing():
    with pytest.raises(ValueError, match="monitor must be one of"):
        EarlyStopping(monitor="val_los")
    with pytest.raises(ValueError, match="patience"):
        EarlyStopping(patience=-1)
    X, y = _blobs()
    model = MLP(2, [3], seed=0)
    with pytest.raises(ValueError, match="records no val_loss"):
        nn.fit(model, X, y, loss="cross_entropy", optimizer=SGD(model.parameters(), lr=0.1),
               callbacks=[EarlyStopping()], verbose=False)  # fmt: skip


def test_confusion_matrix_counts_true_rows_predicted_columns():
    assert nn.confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1]) == [[1, 0, 0], [0, 1, 1], [0, 0, 2]]
    assert nn.accuracy([0, 1, 2, 2, 1], [0, 2, 2, 2, 1]) == 0.8
    with pytest.raises(ValueError, match="3 labels but 2"):
        nn.confusion_matrix([0, 1, 1], [0, 1])
