"""Files written whole or not at all: a temporary file beside the target, then one rename.

Replacing a file acts as ``cp new target`` does: the target keeps its permission bits (and its owner and
group where we may set them), a symlink is written through (it stays a link), and a FIFO or a device is
written into, not replaced. A file we may not write is refused with ``PermissionError`` naming it, as cp
refuses it (root may write any file, so for root a read-only file is overwritten and stays read-only).
One difference: in a folder we may not write, cp could still overwrite an existing file in place, but
an atomic write needs a temporary file beside the target, so there it is refused, naming the target.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``, so a
    crash or an error never leaves a half-written file. A new file gets the usual permissions (umask),
    a replaced one keeps its own; every error names ``path``, never the temporary file."""
    path = Path(path)
    try:
        old = os.stat(path)  # through symlinks, as cp looks at what it writes to
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        _write_into(path, old, data)
        return path
    if old is not None and not _may_write(path):
        raise PermissionError(errno.EACCES, f"{os.strerror(errno.EACCES)} (the file is read-only)", str(path))
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    tmp = _temporary_beside(target, path)
    try:
        with os.fdopen(tmp.fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if old is None:
            os.chmod(tmp.name, 0o666 & ~_umask())  # mkstemp makes it private (0600)
        else:
            _keep_owner_and_mode(tmp.name, old)
        os.replace(tmp.name, target)
    except BaseException:
        os.unlink(tmp.name)
        raise
    return path


class _Temporary:
    def __init__(self, fd: int, name: str) -> None:
        self.fd, self.name = fd, name


def _temporary_beside(target: Path, path: Path) -> _Temporary:
    """A new private file in ``target``'s folder; an error names ``path`` (what the caller asked to write)."""
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as e:
        why = e.strerror or str(e)
        if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            why += f" (writing it whole needs a temporary file beside it, in {target.parent})"
        raise type(e)(e.errno, why, str(path)) from None
    return _Temporary(fd, name)


def _write_into(path: Path, old: os.stat_result, data: bytes) -> None:
    """A FIFO or a device (``/dev/stdout``) is written into, as cp does; a folder is refused."""
    if stat.S_ISDIR(old.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    with open(path, "wb") as f:
        f.write(data)


def _may_write(path: Path) -> bool:
    """Whether the OS lets this process open ``path`` for writing (root: any file on a writable disk)."""
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective) if effective else os.access(path, os.W_OK)


def _keep_owner_and_mode(name: str, old: os.stat_result) -> None:
    """Give the temporary file the replaced file's owner and group (where we may: root may, others may
    keep their own) and its permission bits, as the file cp overwrites in place keeps them."""
    if hasattr(os, "chown") and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):  # not on Windows
        try:
            os.chown(name, old.st_uid, old.st_gid)
        except PermissionError:
            with contextlib.suppress(PermissionError):  # not root: keep at least the group, if ours
                os.chown(name, -1, old.st_gid)
    os.chmod(name, stat.S_IMODE(old.st_mode))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
