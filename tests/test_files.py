"""``write_atomically``: the whole file or the old one, never half; usual permissions for a new file, the
target's own for a file it replaces."""

import os
import pickle
import select
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from autograd.files import write_atomically


def test_writes_the_whole_file_with_the_umask_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_atomically(tmp_path / "a.svg", b"<svg/>")
    finally:
        os.umask(old)
    assert path.read_bytes() == b"<svg/>"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert os.listdir(tmp_path) == ["a.svg"]


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "a.svg"
    path.write_bytes(b"old")

    class HalfFile:
        def __init__(self, fd, mode):
            self.f = open(fd, mode)  # noqa: SIM115

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            self.f.write(data[: len(data) // 2])
            raise OSError("disk full")

    monkeypatch.setattr("autograd.files.os.fdopen", HalfFile)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(path, b"new contents")
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["a.svg"]


# Replacing a file acts as `cp new target` does: the target keeps its mode (and owner, where we may set
# it), a symlink is written through, a FIFO or device is written into; where `cp` would be refused
# (a file we may not write), the write is refused naming the target. The one difference: in a folder we
# may not write, cp could still overwrite an existing file in place, but an atomic write needs a
# temporary file beside the target, so it is refused, naming the target (never the temporary file).


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_replacing_a_file_keeps_its_mode_not_the_umask(tmp_path):
    path = tmp_path / "w.json"
    path.write_bytes(b"old")
    path.chmod(0o640)
    old = os.umask(0o022)
    try:
        write_atomically(path, b"new")
    finally:
        os.umask(old)
    assert path.read_bytes() == b"new" and _mode(path) == 0o640


def test_a_read_only_file_stays_read_only(tmp_path):
    """Where the OS lets us write it anyway (root, as in CI), cp overwrites it and it stays 0444."""
    path = tmp_path / "w.json"
    path.write_bytes(b"old")
    path.chmod(0o444)
    if os.access(path, os.W_OK):
        write_atomically(path, b"new")
        assert path.read_bytes() == b"new"
    else:
        with pytest.raises(PermissionError):
            write_atomically(path, b"new")
    assert _mode(path) == 0o444 and os.listdir(tmp_path) == ["w.json"]


def test_a_file_we_may_not_write_is_refused_naming_it(tmp_path, monkeypatch):
    path = tmp_path / "w.json"
    path.write_bytes(b"old")
    path.chmod(0o444)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == path else real_access(p, mode, **kw))
    with pytest.raises(PermissionError) as caught:  # what a user who is not root gets
        write_atomically(path, b"new")
    assert caught.value.filename == str(path) and "read-only" in str(caught.value)
    assert path.read_bytes() == b"old" and _mode(path) == 0o444 and os.listdir(tmp_path) == ["w.json"]


def _unprivileged(scenario):
    """``scenario()``'s result where the OS enforces permission bits: in a forked child running as
    'nobody' when we are root (root may write anything), else right here."""
    if os.geteuid() != 0:
        return scenario()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root for good, run, send the result back
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            with os.fdopen(write, "wb") as out:
                pickle.dump(scenario(), out)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as got:
        ready, _, _ = select.select([got], [], [], 60)
        data = got.read() if ready else b""
    os.waitpid(pid, 0)
    assert data, "the unprivileged child sent no result"
    return pickle.loads(data)


NOBODY = 65534


def _refused(make_read_only):
    """Try to replace a file made read-only by ``make_read_only(folder, path)``; what happened."""
    folder = Path(tempfile.mkdtemp(prefix="chainrule-ro-"))
    path = folder / "w.json"
    path.write_bytes(b"old")
    make_read_only(folder, path)
    try:
        write_atomically(path, b"new")
        error = None
    except OSError as e:
        error = (type(e).__name__, e.filename, str(e))
    result = {"target": str(path), "error": error, "bytes": path.read_bytes(), "mode": _mode(path)}
    result["files"] = sorted(os.listdir(folder))
    folder.chmod(0o700)
    shutil.rmtree(folder)
    return result


def _read_only_file(folder, path):
    path.chmod(0o444)


def _read_only_folder(folder, path):
    folder.chmod(0o555)


@pytest.mark.parametrize("make_read_only", [_read_only_file, _read_only_folder], ids=["file", "folder"])
def test_the_os_refusing_the_write_names_the_target_and_changes_nothing(make_read_only):
    got = _unprivileged(lambda: _refused(make_read_only))
    assert got["error"] is not None, "an unprivileged user replaced a read-only file"
    kind, filename, message = got["error"]
    assert kind == "PermissionError" and filename == got["target"] and ".tmp" not in message
    assert got["bytes"] == b"old" and got["files"] == ["w.json"]
    assert got["mode"] == (0o444 if make_read_only is _read_only_file else 0o644)


def test_a_missing_folder_is_named_by_the_target(tmp_path):
    path = tmp_path / "no such folder" / "w.json"
    with pytest.raises(FileNotFoundError) as caught:
        write_atomically(path, b"new")
    assert caught.value.filename == str(path) and ".tmp" not in str(caught.value)


def test_a_folder_is_not_replaced(tmp_path):
    (tmp_path / "w.json").mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        write_atomically(tmp_path / "w.json", b"new")
    assert caught.value.filename == str(tmp_path / "w.json") and os.listdir(tmp_path) == ["w.json"]


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "w.json"
    target.write_bytes(b"old")
    target.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(Path("real") / "w.json")
    assert write_atomically(link, b"new") == link
    assert link.is_symlink() and target.read_bytes() == b"new" and _mode(target) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["link.json", "real"] and os.listdir(tmp_path / "real") == ["w.json"]


def test_a_fifo_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so that opening it for writing does not block
    try:
        write_atomically(fifo, b"through the pipe")
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another user")
def test_root_replacing_someone_elses_file_keeps_its_owner(tmp_path):
    path = tmp_path / "w.json"
    path.write_bytes(b"old")
    os.chown(path, NOBODY, NOBODY)
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new" and (path.stat().st_uid, path.stat().st_gid) == (NOBODY, NOBODY)
