"""Saving to a path without ever leaving a half-written file in its place."""

import errno
import itertools
import os
from collections.abc import Iterable

_names = itertools.count()


def refuse_existing(path: str) -> None:
    """``FileExistsError`` if `path` exists (``open(path, "xb")``'s check)."""
    if os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), path)


def write_file(path: str, data: Iterable[bytes], overwrite: bool, sync: bool = False) -> None:
    """Write the parts in `data` to `path` through a temporary file in the same
    folder, flushed (with `sync`, also to the disk) and then renamed into place:
    an error or an interruption leaves any existing file as it was. With
    `overwrite` false an existing file is refused (``FileExistsError``), as
    ``open(path, "xb")`` would."""
    if not overwrite:
        refuse_existing(path)
    folder, name = os.path.split(os.path.abspath(path))
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.{next(_names)}.tmp")
    # Created like open(path, "wb") creates a file (0o666 less the umask).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.writelines(data)
            f.flush()
            if sync:
                os.fsync(f.fileno())
        if overwrite:
            _keep_mode(path, tmp)
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _keep_mode(path: str, tmp: str) -> None:
    """An existing file keeps its permissions (as when it is overwritten in place)."""
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        return
    if mode != os.stat(tmp).st_mode & 0o7777:
        os.chmod(tmp, mode)


def _link_new(tmp: str, path: str) -> None:
    """Move `tmp` to `path` unless `path` exists: link() refuses an existing target,
    so no other writer's file can be replaced in between."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system: check, then rename
        refuse_existing(path)
        os.replace(tmp, path)
    else:
        os.unlink(tmp)
