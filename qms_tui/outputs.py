"""Where a command's output may go, and how it is written: never onto the store, never half a file.

``-o FILE`` is typed by hand, so a slip (``-o qms.json``, tab-completing to ``qms.json.lock``) must not
destroy the store. ``output_problem`` is the one rule every writer asks first: an output may not be the
store file (by path, or by inode: a hard link or a symlink counts), its lock file, its shards or backups
folder or anything in them, nor anything that exists but is not a regular file (a folder, a device such as
``/dev/null``, a FIFO that would block, a socket). A new path is fine.

``write_output`` is the one file writer of every export, the CLI's ``-o FILE`` and the TUI's export folder
alike. It writes text as UTF-8 (its ``\n`` line ends kept) and bytes (a .docx) as they are, to a temp file
beside the target, ``fsync``-s it and renames it onto the target, so a full disk or a crash leaves the
earlier file as it was (or none), never half a file. A new file gets the usual mode (0666 less the umask); a
replaced file keeps its mode. A symlink to a regular file is written through: the link stays and its target
gets the new content. With ``replace=False`` (the TUI's timestamped exports) an existing file is never
replaced: the next free name ``stem-2.ext`` is taken instead.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from qms_tui.domain.problems import Fault
from qms_tui.store import StoreError
from qms_tui.store.files import sync_dir
from qms_tui.store.shards import BACKUP_SUFFIX

if TYPE_CHECKING:
    from qms_tui.store import Store

KINDS = ((stat.S_ISDIR, Fault("s_kind_folder")), (stat.S_ISCHR, Fault("s_kind_device")),
         (stat.S_ISBLK, Fault("s_kind_device")), (stat.S_ISFIFO, Fault("out_kind_fifo")),
         (stat.S_ISSOCK, Fault("s_kind_socket")))


class OutputError(StoreError):
    """An output that may not or could not be written: one line, exit code 1 (choose another file)."""

    exit_code = 1


def _real(path: Path | str) -> Path:
    return Path(os.path.realpath(path))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _protected(store: Store) -> tuple[list[tuple[Path, Fault]], list[tuple[Path, Fault]]]:
    """The store's files and folders, each with what the refusal calls it.

    A store opened from its backups folder (``--db qms.json.backups/qms-….json``) also protects the store
    it was taken from and that folder.
    """
    files = [(store.path, Fault("out_the_store")), (store.lock_path, Fault("out_lock_file"))]
    folders = [(store.shard_dir, Fault("out_shards_folder")), (store.backup_dir, Fault("out_backups_folder"))]
    parent = store.path.parent
    if parent.name.endswith(BACKUP_SUFFIX):
        origin = parent.with_name(parent.name.removesuffix(BACKUP_SUFFIX))
        files += [(origin, Fault("out_the_store")), (origin.with_name(origin.name + ".lock"), Fault("out_lock_file"))]
        folders.append((parent, Fault("out_backups_folder")))
    return files, folders


def output_problem(path: Path | str, store: Store | None = None) -> Fault | None:
    """Why ``path`` may not be written as an output (``None``: it may); see the module's rule."""
    try:
        info = os.stat(path)  # follows symlinks; never opens (a FIFO would block)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        return Fault("out_cannot_use", why=exc.strerror or str(exc))
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in KINDS if test(info.st_mode)), Fault("s_kind_other"))
        if kind.code == "s_kind_device":  # /dev/null too: the output would vanish, or go to a disk or a terminal
            return Fault("out_is_device")
        return Fault("out_is_kind", kind=kind)
    if store is None:
        return None
    real = _real(path)
    files, folders = _protected(store)
    for protected, name in files:
        if real == _real(protected) or (info is not None and _same(info, protected)):
            return Fault("out_is_protected", name=name)
    for folder, name in folders:
        if _inside(real, _real(folder)):
            return Fault("out_is_inside", name=name)
    if info is not None and info.st_nlink > 1:  # a hard link: is it one of the store's own files?
        for folder, name in folders:
            with contextlib.suppress(OSError):
                for entry in os.scandir(folder):
                    if _same(info, entry.path):
                        return Fault("out_hard_link", name=name)
    return None


def _same(info: os.stat_result, other: Path | str) -> bool:
    try:
        theirs = os.stat(other)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == (theirs.st_dev, theirs.st_ino)


def check_output(path: Path | str, store: Store | None = None) -> None:
    """Raise ``OutputError`` (one line) when ``path`` may not be written; before anything is rendered."""
    problem = output_problem(path, store)
    if problem is not None:
        raise OutputError(Fault("out_not_writing", path=path, problem=problem))


def _failed(path: Path | str, exc: OSError) -> OutputError:
    return OutputError(Fault("s_cannot_write_file", path=path, why=exc.strerror or str(exc)))


def write_output(path: Path | str, content: str | bytes, store: Store | None = None, *, replace: bool = True) -> Path:
    """Check ``path`` and write ``content`` to it whole or not at all; returns the file written.

    ``replace``: an existing ``path`` is replaced (``-o FILE``); else it is kept and the content goes to
    the next free name beside it (``stem-2.ext`` …). Raises ``OutputError`` (one line) when ``path`` may not
    be written or the write failed; nothing is then changed and no temp file is left.
    """
    payload = content if isinstance(content, bytes) else content.encode("utf-8")
    if replace:
        return _replace_output(path, payload, store)
    target = Path(path)
    return _create_output(target.parent, target.stem, target.suffix, payload, store)


def _replace_output(path: Path | str, payload: bytes, store: Store | None = None) -> Path:
    """Check ``path`` and write ``payload`` to it whole or not at all (temp file, fsync, rename).

    Returns the file written (a symlink's target). Raises ``OutputError`` (one line) when ``path`` may
    not be written or the write failed; the earlier file is then untouched and no temp file is left.
    """
    check_output(path, store)
    target = _real(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _failed(path, exc) from None
    try:
        tmp = _write_temp(target.parent, target.name, payload, mode)
        try:
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
    except OSError as exc:
        raise _failed(path, exc) from None
    sync_dir(target.parent)
    return target


def _create_output(folder: Path, stem: str, suffix: str, payload: bytes, store: Store | None = None) -> Path:
    """Write ``payload`` as a new file ``stem`` + ``suffix`` (``.txt``) in ``folder`` (``stem-2`` … if taken), never
    replacing a file, whole or not at all; returns its path. ``OutputError`` if ``folder`` is the store's.

    The complete temp file is hard-linked to its name (``link`` fails on an existing name, like ``O_EXCL``);
    on a file system without hard links the name is created with ``O_EXCL`` and removed if writing fails.
    """
    path, attempt = folder / f"{stem}{suffix}", 1
    check_output(path, store)
    try:
        tmp = _write_temp(folder, f"{stem}{suffix}", payload, None)
    except OSError as exc:
        raise _failed(path, exc) from None
    try:
        while True:
            try:
                os.link(tmp, path)
                break
            except FileExistsError:
                attempt += 1
                path = folder / f"{stem}-{attempt}{suffix}"
            except OSError as exc:
                if exc.errno not in NO_LINKS:
                    raise _failed(path, exc) from None
                return _create_exclusive(folder, stem, suffix, attempt, payload)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    sync_dir(folder)
    return path


NO_LINKS = (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS)
"""What ``link`` says on a file system without hard links (FAT, some network shares)."""
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _write_temp(folder: Path, name: str, payload: bytes, mode: int | None) -> Path:
    """A complete, fsync-ed hidden temp file in ``folder`` holding ``payload``; nothing left on failure.

    Created like any new file (0666 less the umask), or given ``mode`` (the mode of the file it replaces).
    """
    import secrets  # here: it brings hashlib, hmac and random, and only a written output needs it

    tmp = folder / f".{name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    handle = os.open(tmp, _CREATE, 0o666)
    try:
        try:
            if mode is not None:
                os.fchmod(handle, mode)
            _write_all(handle, payload)
            os.fsync(handle)
        finally:
            os.close(handle)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _write_all(handle: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(handle, view):]


def _create_exclusive(folder: Path, stem: str, suffix: str, attempt: int, payload: bytes) -> Path:
    """``_create_output`` without hard links: ``O_EXCL`` a free name, write, fsync; removed again on failure."""
    while True:
        path = folder / (f"{stem}{suffix}" if attempt == 1 else f"{stem}-{attempt}{suffix}")
        try:
            handle = os.open(path, _CREATE, 0o666)
            break
        except FileExistsError:
            attempt += 1
        except OSError as exc:
            raise _failed(path, exc) from None
    try:
        try:
            _write_all(handle, payload)
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        raise _failed(path, exc) from None
    return path
