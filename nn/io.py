"""Weights as JSON (no pickle): ``save`` writes atomically, ``load`` checks everything before changing anything."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from autograd.files import write_atomically

from .module import Module

FORMAT = "chainrule.nn weights"
VERSION = 1


def save(model: Module, path: str | os.PathLike) -> None:
    """Write ``model.state_dict()`` to ``path`` as JSON, through a temp file in the same folder and
    ``os.replace``, so a crash never leaves a half-written file."""
    state = model.state_dict()
    for name, x in state.items():
        if not math.isfinite(x):
            raise ValueError(f"save: parameter {name} is {x!r}; JSON weights must be finite numbers")
    doc = {"format": FORMAT, "version": VERSION, "model": repr(model), "parameters": state}
    text = json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    write_atomically(path, text.encode("utf-8"))


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a finite number")


class _TooLarge:
    """A number of the file that no float holds (``1e400``, an integer of 400 digits), kept as its text so
    that the error can name its parameter (``int`` refuses to read more than 4,300 digits at all)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        if self.text.lstrip("-").isdigit():
            return f"an integer of {len(self.text.lstrip('-')):,} digits"
        return self.text if len(self.text) <= 40 else self.text[:39] + "…"


def _json_int(text: str) -> int | _TooLarge:
    return _TooLarge(text) if math.isinf(float(text)) else int(text)


def _json_float(text: str) -> float | _TooLarge:
    x = float(text)
    return _TooLarge(text) if math.isinf(x) else x


def _read(path: str | os.PathLike) -> object:
    """The JSON document in ``path``; ValueError naming the file when it is not JSON we can read."""
    raw = Path(path).read_bytes()
    try:
        return json.loads(
            raw.decode("utf-8"), parse_constant=_no_constant, parse_int=_json_int, parse_float=_json_float
        )
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"load: {path} is not valid JSON (truncated?): {e}") from None
    except ValueError as e:
        raise ValueError(f"load: {path}: a value {e}") from None
    except RecursionError:
        raise ValueError(f"load: {path} is not a weights file: its lists or objects nest too deeply to read") from None


def load(model: Module, path: str | os.PathLike) -> None:
    """Set ``model``'s parameters from a file written by ``save``. A malformed or truncated file, or one
    for another architecture, raises ValueError naming the problem and leaves the model unchanged."""
    doc = _read(path)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f'load: {path} is not a chainrule weights file (no "format": {FORMAT!r})')
    if doc.get("version") != VERSION:
        raise ValueError(f"load: {path} has version {doc.get('version')!r}; this chainrule reads version {VERSION}")
    state = doc.get("parameters")
    if not isinstance(state, dict):
        raise ValueError(f'load: {path} has no "parameters" object')
    for name, x in state.items():
        if isinstance(x, _TooLarge):
            raise ValueError(f"load: {path}: {name} is {x!r}, too large for a float")
    try:
        model.load_state_dict(state)
    except ValueError as e:
        saved = f" (saved from {doc['model']})" if isinstance(doc.get("model"), str) else ""
        raise ValueError(f"load: {path}{saved}: {e}") from None
