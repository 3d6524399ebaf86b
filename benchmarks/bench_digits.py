"""How long the README's digits example trains: MLP(64, [32, 10]), cross_entropy, SGD (lr 0.1, momentum 0.9),
batches of 32, on the 1,347 training digits, with and without the per-epoch validation on the held-out 450.
Run: ``python benchmarks/bench_digits.py [--epochs 8]``."""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nn  # noqa: E402
from nn import MLP, SGD  # noqa: E402


def run(epochs: int, validate: bool) -> tuple[float, float]:
    """(seconds of fit, test accuracy) for one training from seed 0."""
    X, y = nn.data.digits(scale=True)
    X_train, X_test, y_train, y_test = nn.data.train_test_split(X, y, test_size=0.25, seed=0)
    model = MLP(64, [32, 10], init="xavier", seed=0)
    sgd = SGD(model.parameters(), lr=0.1, momentum=0.9)
    start = time.perf_counter()
    nn.fit(model, X_train, y_train, loss="cross_entropy", optimizer=sgd, epochs=epochs, batch_size=32, seed=0,
           validation=(X_test, y_test) if validate else None, verbose=False)  # fmt: skip
    seconds = time.perf_counter() - start
    return seconds, nn.accuracy(y_test, nn.predict(model, X_test))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=8)
    epochs = parser.parse_args().epochs
    print(f"Python {platform.python_version()}, {epochs} epochs of 1,347 digits")
    for validate in (False, True):
        seconds, acc = run(epochs, validate)
        what = "with validation every epoch" if validate else "training only"
        print(f"{what:28}: {seconds:5.1f} s, test accuracy {acc:.1%}")


if __name__ == "__main__":
    main()
