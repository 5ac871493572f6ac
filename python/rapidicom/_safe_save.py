"""Saving to a path without ever leaving a half-written file in its place."""

import errno
import os
import tempfile


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def refuse_existing(path: str) -> None:
    """``FileExistsError`` if `path` exists (``open(path, "xb")``'s check)."""
    if os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), path)


def write_file(path: str, data: bytes, overwrite: bool) -> None:
    """Write `data` to `path` through a temporary file in the same folder, flushed
    to disk and then renamed into place: an error or an interruption leaves any
    existing file as it was. With `overwrite` false an existing file is refused
    (``FileExistsError``), as ``open(path, "xb")`` would."""
    if not overwrite:
        refuse_existing(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(
        dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            mode = os.stat(path).st_mode & 0o7777
        except OSError:
            mode = _new_file_mode()
        os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, path)
        else:
            # link() refuses an existing target: no window in which another
            # writer's file could be replaced.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise
            except OSError:  # no hard links here: check, then rename
                if os.path.lexists(path):
                    raise FileExistsError(
                        errno.EEXIST, os.strerror(errno.EEXIST), path
                    ) from None
                os.replace(tmp, path)
            else:
                os.unlink(tmp)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
