"""File mechanics written once: sha256, atomic folder replacement, a lock, filesystem faults told in one line, a fault-injection hook.

Used by the pipeline (checksums of raw and authored inputs, publishing ``data/curated``) and by the
site builder (publishing ``site/``). Imports nothing from the project.

- :func:`replace_dir` puts a finished folder in the place of another in **one** atomic step where the platform
  can: ``renameat2(RENAME_EXCHANGE)`` (Linux >= 3.15, on ext4, xfs, btrfs, tmpfs, ...) swaps the two names, so
  a reader or a crash sees the old folder or the new one, never none and never a mix. Elsewhere it falls back to
  two renames (old aside, new in place); a crash between them leaves ``.NAME-old-*`` and no ``NAME``, which
  :func:`clean_stale` puts back on the next run. Measured and chosen in ``benchmarks/NOTES.md``.
- :func:`locked` is an ``flock`` on a lock file beside the folder: a second run waits or refuses with a message
  naming the holder; the kernel releases the lock when its holder dies, so a killed run never leaves it stuck.
- :class:`FsFault` carries one line for a foreseeable filesystem fault (what failed, the path, what to do);
  :func:`fs_step` turns an ``OSError`` into one.
- :func:`fault_point` is a test-only hook: with ``HELPERS_FAULT`` set it kills, pauses or fails the process at
  named points (see its docstring); unset, it costs one dictionary lookup.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fnmatch
import hashlib
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks (raw files can be large)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------- faults told in one line


class FsFault(RuntimeError):
    """A filesystem operation failed for a foreseeable reason; the message is one line: what, path, what to do."""


_REASONS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("permission denied", "give this user access to it (or run as its owner)"),
    errno.EPERM: ("operation not permitted", "give this user access to it (or run as its owner)"),
    errno.EROFS: ("read-only file system", "remount it read-write, or write elsewhere (--out DIR)"),
    errno.ENOSPC: ("no space left on device", "free space on that file system and run again"),
    errno.EDQUOT: ("disk quota exceeded", "free space within your quota and run again"),
    errno.ENOENT: ("not found", "check the path"),
    errno.ENOTDIR: ("a part of the path is not a folder", "check the path"),
    errno.EISDIR: ("is a folder, not a file", "check the path"),
    errno.EIO: ("input/output error", "check the disk (dmesg) and run again"),
}


def fault_message(exc: OSError, action: str, path: Path | str | None = None, todo: str | None = None) -> str:
    """One line for an ``OSError``: ``<action> <path>: <reason>; <what to do>``."""
    reason, default_todo = _REASONS.get(exc.errno or -1, (exc.strerror or type(exc).__name__, "check the path and run again"))
    where = path if path is not None else exc.filename
    return f"{action} {where}: {reason}; {todo or default_todo}"


@contextlib.contextmanager
def fs_step(action: str, path: Path | str | None = None, todo: str | None = None) -> Iterator[None]:
    """Run a filesystem step; an ``OSError`` inside becomes an :class:`FsFault` with one clear line."""
    try:
        yield
    except FsFault:
        raise
    except OSError as exc:
        raise FsFault(fault_message(exc, action, path, todo)) from exc


def read_only_by_mode(path: Path) -> bool:
    """True when ``path`` exists and its owner's write bit is off.

    The mode bits, not ``os.access``: as root ``os.access`` says every folder is writable, yet a folder someone
    made read-only (``chmod a-w``) states an intent the curation must respect, whoever runs it.
    """
    try:
        return not (os.stat(path).st_mode & 0o200)
    except FileNotFoundError:
        return False


# ---------------------------------------------------------------- the test-only fault hook

#: ``point=action`` pairs separated by commas; a point may be an fnmatch pattern (``publish.*``).
FAULT_ENV = "HELPERS_FAULT"
#: Folder where a paused process writes ``<point>.paused`` and waits for ``<point>.resume`` (default: the temp dir).
FAULT_DIR_ENV = "HELPERS_FAULT_DIR"
#: File to which every point reached is appended, one name a line (to list the points of a run).
FAULT_TRACE_ENV = "HELPERS_FAULT_TRACE"
_FAULT_ERRNO = {"enospc": errno.ENOSPC, "eacces": errno.EACCES, "erofs": errno.EROFS, "eio": errno.EIO}


def fault_point(name: str) -> None:
    """Test-only hook at a named point of the curation: ``HELPERS_FAULT="publish.exchanged=kill"``.

    Actions: ``kill`` (SIGKILL this process: no cleanup runs, as with a power cut or the OOM killer), ``pause``
    (write ``<point>.paused`` in ``HELPERS_FAULT_DIR`` and wait up to 120 s for ``<point>.resume``), ``enospc``,
    ``eacces``, ``erofs``, ``eio`` (raise that ``OSError`` as if the filesystem step after the point failed).
    """
    trace = os.environ.get(FAULT_TRACE_ENV)
    if trace:
        with open(trace, "a", encoding="utf-8") as fh:
            fh.write(name + "\n")
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    for item in spec.split(","):
        point, _, action = item.strip().partition("=")
        if not point or not fnmatch.fnmatchcase(name, point):
            continue
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif action == "pause":
            folder = Path(os.environ.get(FAULT_DIR_ENV) or tempfile.gettempdir())
            (folder / f"{name}.paused").write_text(str(os.getpid()))
            deadline = time.monotonic() + 120
            while not (folder / f"{name}.resume").exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        elif action in _FAULT_ERRNO:
            code = _FAULT_ERRNO[action]
            raise OSError(code, f"{os.strerror(code)} (injected at {name})")


# ---------------------------------------------------------------- the lock


class LockBusy(RuntimeError):
    """Another process holds the lock; the message names it and says what to do."""


@contextlib.contextmanager
def locked(lock_path: Path, wait: float = 0.0, what: str = "the folder") -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock_path`` (created if needed) for the ``with`` block.

    When another process holds it: wait up to ``wait`` seconds, then raise :class:`LockBusy` naming the holder
    (its pid and start time, written in the lock file). The lock file itself stays (removing it would race).
    """
    import fcntl

    lock_path = Path(lock_path)
    with fs_step("cannot create the lock file", lock_path, "make its folder writable, or write elsewhere (--out DIR)"):
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
                    waited = f" after waiting {wait:g} s" if wait > 0 else ""
                    raise LockBusy(f"another run ({holder}) is writing {what}{waited} (lock {lock_path}); "
                                   "wait for it to finish, or run again with --wait SECONDS") from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


# ---------------------------------------------------------------- atomic replacement

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_renameat2 = None


def _renameat2_fn():
    global _renameat2
    if _renameat2 is None:
        try:
            fn = ctypes.CDLL(None, use_errno=True).renameat2
            fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            fn.restype = ctypes.c_int
            _renameat2 = fn
        except (AttributeError, OSError):
            _renameat2 = False
    return _renameat2


def exchange(a: Path, b: Path) -> bool:
    """Swap the names ``a`` and ``b`` in one atomic step (``renameat2(RENAME_EXCHANGE)``).

    Returns False when the platform or filesystem cannot (no such call, ``EINVAL``, ``ENOSYS``, ``ENOTSUP``);
    other errors raise ``OSError``.
    """
    fn = _renameat2_fn()
    if not fn:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_dir(tmp: Path, out: Path, label: str = "publish", use_exchange: bool | None = None) -> Path:
    """Put the finished folder ``tmp`` in the place of ``out``, so readers see the old folder or the new, never a mix.

    ``tmp`` must be on the same filesystem as ``out`` (create it beside ``out``). With ``RENAME_EXCHANGE`` the swap
    is one step and the previous folder, now under ``tmp``'s name, is deleted afterwards. Without it (or with
    ``use_exchange=False``) two renames: ``out`` moves aside to ``.NAME-old-*``, ``tmp`` takes its name; if the
    second rename fails the previous folder is put back. :func:`fault_point` is called between the steps
    (``<label>.exchanged``, ``<label>.moved-aside``, ``<label>.renamed``, ``<label>.removed-old``). Returns ``out``.
    """
    tmp, out = Path(tmp), Path(out)
    if not os.path.lexists(out):
        os.rename(tmp, out)
        fault_point(f"{label}.renamed")
        return out
    if use_exchange is not False and exchange(tmp, out):
        fault_point(f"{label}.exchanged")
        shutil.rmtree(tmp, ignore_errors=True)
        fault_point(f"{label}.removed-old")
        return out
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    fault_point(f"{label}.moved-aside")
    try:
        tmp.rename(out)
    except BaseException:
        old.rename(out)  # put the previous folder back
        raise
    fault_point(f"{label}.renamed")
    shutil.rmtree(old, ignore_errors=True)
    fault_point(f"{label}.removed-old")
    return out


def clean_stale(out: Path) -> list[str]:
    """Remove what dead runs left beside ``out`` (``.NAME-tmp-*``, ``.NAME-old-*``); call it holding the lock.

    If ``out`` is missing but a ``.NAME-old-*`` folder exists (a run of the two-rename fallback died between its
    renames), the newest one is put back as ``out`` first. Returns one note per action.
    """
    out = Path(out)
    notes = []
    olds = sorted(out.parent.glob(f".{out.name}-old-*"), key=lambda p: p.stat().st_mtime)
    if not os.path.lexists(out) and olds:
        olds[-1].rename(out)
        notes.append(f"restored {out} from {olds[-1].name}, left by a run that died between its two renames")
        olds = olds[:-1]
    for p in [*olds, *out.parent.glob(f".{out.name}-tmp-*")]:
        shutil.rmtree(p, ignore_errors=True)
        notes.append(f"removed {p.name}, left by a run that did not finish")
    return notes
