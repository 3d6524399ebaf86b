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


def load(model: Module, path: str | os.PathLike) -> None:
    """Set ``model``'s parameters from a file written by ``save``. A malformed or truncated file, or one
    for another architecture, raises ValueError naming the problem and leaves the model unchanged."""
    raw = Path(path).read_bytes()
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"load: {path} is not valid JSON (truncated?): {e}") from None
    except ValueError as e:
        raise ValueError(f"load: {path}: a value {e}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f'load: {path} is not a chainrule weights file (no "format": {FORMAT!r})')
    if doc.get("version") != VERSION:
        raise ValueError(f"load: {path} has version {doc.get('version')!r}; this chainrule reads version {VERSION}")
    state = doc.get("parameters")
    if not isinstance(state, dict):
        raise ValueError(f'load: {path} has no "parameters" object')
    try:
        model.load_state_dict(state)
    except ValueError as e:
        saved = f" (saved from {doc['model']})" if isinstance(doc.get("model"), str) else ""
        raise ValueError(f"load: {path}{saved}: {e}") from None
