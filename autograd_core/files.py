"""Writing a file so that it is either wholly new or wholly old, never half-written.

Every file the project writes (saved models, pictures, pages) goes through
``write_atomically``: the content goes to a temporary file in the same folder,
is flushed to disk, and is then renamed over the target in one step
(``os.replace``). A crash, a full disk or a Ctrl-C in the middle leaves the
old file as it was, and no temporary file behind.
"""

import os
import uuid


def checked_path(path, where):
    """``path`` as a str, or TypeError naming ``where``: a file name, not a file descriptor.

    ``open(3)`` would write to file descriptor 3; a path that is an int is
    almost always a mistake, so it is refused.
    """
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{where}: path must be a file name (str or os.PathLike), "
                        f"got {type(path).__name__}: {path!r}")
    path = os.fspath(path)
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not path:
        raise ValueError(f"{where}: path is empty")
    return path


def write_atomically(path, data, where="write"):
    """Write ``data`` (str as UTF-8, or bytes) to ``path``, replacing it only once fully written.

    Returns the path as a str. The folder must exist. A new file gets the
    permissions ``open()`` would give it; a replaced file keeps its own.
    """
    path = checked_path(path, where)
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder, name = os.path.split(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"{where}: cannot write {path!r}: the folder {folder!r} does not "
                                f"exist (create it first)")
    temporary = os.path.join(folder, f".{name}.{uuid.uuid4().hex[:12]}.partial")
    try:
        with open(temporary, "xb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.chmod(temporary, os.stat(path).st_mode & 0o7777)
        except FileNotFoundError:
            pass
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    return path
