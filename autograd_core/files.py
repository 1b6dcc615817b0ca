"""Writing a file or a folder so that it is either wholly new or wholly old, never half-written.

Every file the project writes (saved models, pictures, pages) goes through
``write_atomically``: the content goes to a temporary file in the same folder,
is flushed to disk, and is then renamed over the target in one step
(``os.replace``). A crash, a full disk or a Ctrl-C in the middle leaves the
old file as it was, and no temporary file behind. Writing through a symbolic
link writes the file it points to (the link stays a link), as ``open()`` does.

A set of files that belong together (the frames of a backward pass) is
written into a fresh folder by ``new_folder``, which takes the place of the
old one only once every file is in it: never a mix of old and new frames,
never a partial set.

Every error names the path as the caller gave it, never a temporary file.
"""

import os
import re
import shutil
import tempfile
import uuid
from contextlib import contextmanager


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

    Returns the path as given, as a str. The folder must exist. A new file
    gets the permissions ``open()`` would give it; a replaced file keeps its
    own. A symbolic link is followed: its target is replaced, the link kept.
    """
    write_files_atomically({path: data}, where)
    return checked_path(path, where)


def write_files_atomically(contents, where="write"):
    """Write several files, ``{path: data}``, so that either all are new or none is.

    Every file is first written whole beside its target (as by
    ``write_atomically``); only once all of them are on disk is each renamed
    over its target. A failure or a Ctrl-C while writing them leaves every
    target as it was; what remains is the renames, each one step of the
    file system. Two paths that lead to one file are refused before
    anything is written. Returns the paths as given, as strs.
    """
    targets = check_writable(list(contents), where)
    written = []                        # (temporary, target, path as given)
    try:
        for path, data in contents.items():
            checked = checked_path(path, where)
            target = _target(checked, where)
            if isinstance(data, str):
                data = data.encode("utf-8")
            folder, name = os.path.split(target)
            temporary = os.path.join(folder, f".{name}.{uuid.uuid4().hex[:12]}.partial")
            try:
                with open(temporary, "xb") as file:
                    written.append((temporary, target, checked))
                    file.write(data)
                    file.flush()
                    os.fsync(file.fileno())
                try:
                    os.chmod(temporary, os.stat(target).st_mode & 0o7777)
                except FileNotFoundError:
                    pass
            except OSError as error:
                if error.strerror:
                    raise _naming(error, checked, where) from None
                raise
        for temporary, target, checked in written:
            try:
                os.replace(temporary, target)
            except OSError as error:
                if error.strerror:
                    raise _naming(error, checked, where) from None
                raise
    except BaseException:
        for temporary, _, _ in written:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
        raise
    return list(targets.values())


def check_writable(paths, where="write"):
    """Refuse, before anything is written, paths that cannot all be written as new files.

    A path whose folder does not exist, that is a folder, or that leads to
    the same file as another of ``paths`` (through a symbolic link, or
    spelled differently) is an error naming the path as given. Returns
    {the file each path leads to: the path as given}.
    """
    targets = {}
    for path in paths:
        checked = checked_path(path, where)
        target = _target(checked, where)
        if target in targets:
            raise ValueError(f"{where}: {targets[target]!r} and {checked!r} are the same file; "
                             f"give each a name of its own")
        targets[target] = checked
    return targets


def _target(path, where):
    """The file ``path`` leads to (through symbolic links), refused if it cannot be written."""
    target = os.path.realpath(path)             # through any symbolic links, as open() goes
    folder = os.path.dirname(target)
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise NotADirectoryError(f"{where}: cannot write {path!r}: {folder!r} is a file, "
                                 f"not a folder")
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"{where}: cannot write {path!r}: the folder {folder!r} does not "
                                f"exist (create it first)")
    if os.path.isdir(target):
        raise IsADirectoryError(f"{where}: cannot write {path!r}: it is a folder, not a file")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(f"{where}: cannot write {path!r}: the folder {folder!r} is not "
                              f"writable")
    return target


def _naming(error, path, where):
    """``error`` again, its message naming ``path`` (as the caller gave it) instead of a temporary."""
    return type(error)(error.errno, f"{where}: cannot write {path!r}: {error.strerror}")


#: Frames and other files a folder written by ``new_folder`` may already hold.
FRAME_NAME = re.compile(r"step_\d+\.(svg|png)")


@contextmanager
def new_folder(path, where, replaceable=FRAME_NAME):
    """A fresh, empty temporary folder that takes the place of ``path`` once the block ends well.

        with new_folder("frames", "render_backward_frames") as folder:
            ...write every file into folder...

    When the block ends without an error, the old folder at ``path`` (if any)
    is removed and the new one renamed into its place; on any error, a
    Ctrl-C included, the new folder is removed and the old one stays as it
    was. An existing folder may hold only files whose names ``replaceable``
    matches (earlier frames): a folder holding anything else is refused before
    anything is written, so no file of the user's is ever deleted. A symbolic
    link to a folder is followed. Missing parent folders are created.
    """
    path = checked_path(path, where)
    target = os.path.realpath(path)
    if os.path.exists(target) and not os.path.isdir(target):
        raise NotADirectoryError(f"{where}: {path!r} is a file, not a folder")
    if os.path.isdir(target):
        others = sorted(name for name in os.listdir(target) if not replaceable.fullmatch(name))
        if others:
            shown = ", ".join(repr(name) for name in others[:3]) + (", …" if len(others) > 3 else "")
            raise FileExistsError(
                f"{where}: the folder {path!r} holds other files ({shown}); the new files replace "
                f"the whole folder, so give a new or empty folder, or one of earlier frames only")
    parent, name = os.path.split(target)
    in_the_way = _file_in_the_way(parent)
    if in_the_way is not None:
        raise NotADirectoryError(f"{where}: cannot write {path!r}: {in_the_way!r} is a file, "
                                 f"not a folder")
    try:
        os.makedirs(parent, exist_ok=True)
        temporary = tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=parent)
    except OSError as error:
        raise _naming(error, path, where) from None
    try:
        yield temporary
        os.chmod(temporary, _folder_mode(target))
        _swap_in(temporary, target)
    except BaseException as error:
        shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(error, OSError) and error.strerror:
            raise _naming(error, path, where) from None
        raise


def _file_in_the_way(folder):
    """The nearest existing part of ``folder``'s path, if it is a file rather than a folder."""
    while not os.path.exists(folder):
        above = os.path.dirname(folder)
        if above == folder:
            return None
        folder = above
    return None if os.path.isdir(folder) else folder


def _folder_mode(target):
    """The old folder's permissions, or those ``os.makedirs`` would give a new one."""
    try:
        return os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o777 & ~umask


def _swap_in(temporary, target):
    """Rename ``temporary`` to ``target``, moving an old ``target`` aside first and then away."""
    if not os.path.exists(target):
        os.rename(temporary, target)
        return
    old = f"{target}.{uuid.uuid4().hex[:12]}.old"
    os.rename(target, old)
    try:
        os.rename(temporary, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
