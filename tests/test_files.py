"""``write_atomically``: the whole file or the old one, never half; usual permissions."""

import os
import stat

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
