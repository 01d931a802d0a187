"""Results kept between processes: a folder cache keyed by inputs, code and library versions, computed once under a lock.

Several processes ask for the same slow results (the two test workers, a notebook kernel, the site build): the
explorer's answers, the estimator's fits, its stability refits. :func:`remember_json` and :func:`remember_pickle`
compute a result once per :func:`key` and keep it in a folder under the project (:data:`ROOT`, git-ignored, created
with mode 0o700), so later askers read it instead of computing it again.

- The key (:func:`key`) digests the curated input files the result reads, the source of every module of
  ``src/helpers`` (any code change computes afresh), the numerical libraries' and Python's versions, and the caller's
  own arguments.
- A per-key ``fcntl`` lock (:func:`one_at_a_time`): askers arriving while one computes wait, spending no CPU, then
  read its file. Files are written whole and renamed (a reader never sees half of one).
- Pickles are loaded only from a folder and file owned by this user and writable by no one else, and only when
  their HMAC-SHA256 (a random key kept in the folder, mode 0o600) matches: a planted or foreign pickle is computed
  over, never unpickled. JSON is read under the same ownership check.
- No writable folder, no ``fcntl``: the result is computed, as without a cache; it is only not kept.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from helpers import paths

#: The project's cache folder (git-ignored); each user of it keeps its results in a subfolder.
ROOT = paths.ROOT / ".cache" / "ml-careers"
#: Libraries whose versions are part of every key (read from their metadata: a cache hit imports none of them).
LIBRARIES = ("numpy", "pandas", "scikit-learn")
_KEY_FILE = ".hmac-key"
T = TypeVar("T")


def code_digest() -> bytes:
    """SHA-256 of the name and source of every module of ``src/helpers``."""
    h = hashlib.sha256()
    for module in sorted((paths.ROOT / "src" / "helpers").rglob("*.py")):
        h.update(str(module.relative_to(paths.ROOT)).encode() + b"\0" + module.read_bytes())
    return h.digest()


def key(inputs: Iterable[Path], *parts: object) -> str:
    """A digest of everything a result depends on: the bytes of each file in ``inputs`` (a missing file counts as
    missing), every helper's source (:func:`code_digest`), :data:`LIBRARIES`' and Python's versions, and ``parts``
    (the caller's version and arguments, by their ``repr``)."""
    versions = " ".join(metadata.version(lib) for lib in LIBRARIES)
    h = hashlib.sha256(f"{versions} {sys.version} {parts!r}".encode())
    for path in inputs:
        path = Path(path)
        h.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"missing"))
    h.update(code_digest())
    return h.hexdigest()[:32]


def frame_digest(df) -> str:
    """SHA-256 of a pandas DataFrame's column names and dtypes, index and values (a key part for a frame argument)."""
    import pandas as pd

    h = hashlib.sha256(repr([(str(c), str(t)) for c, t in df.dtypes.items()]).encode())
    h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    return h.hexdigest()


def _make(folder: Path) -> None:
    """``folder`` and any missing parent created with mode 0o700 (only this user may enter them)."""
    for missing in [*reversed([p for p in Path(folder).parents if not p.exists()]), Path(folder)]:
        missing.mkdir(mode=0o700, exist_ok=True)


def _trusted(path: Path) -> bool:
    """``path`` is this user's and no one else may write to it."""
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@contextmanager
def one_at_a_time(folder: Path, name: str) -> Iterator[None]:
    """An exclusive lock on ``folder/.<name>.lock`` while held (processes asking for the same result at once compute
    it once; the others wait). Without a lock (no ``fcntl``, no writable folder) each computes, as before."""
    try:
        import fcntl

        _make(folder)
        handle = (folder / f".{name}.lock").open("a")
    except (ImportError, OSError):
        handle = None
    if handle is None:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read(path: Path) -> bytes | None:
    if not (_trusted(path.parent) and _trusted(path)):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def _write(path: Path, payload: bytes) -> None:
    """``payload`` written to a temporary file, then renamed over ``path``; nothing kept if the folder is not writable."""
    try:
        _make(path.parent)
        tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
        tmp.write_bytes(payload)
        os.replace(tmp, path)
    except OSError:
        pass


def _remember(folder: Path, name: str, compute: Callable[[], bytes], valid: Callable[[bytes], bool]) -> bytes:
    stored = Path(folder) / name
    if (payload := _read(stored)) is not None and valid(payload):
        return payload
    with one_at_a_time(Path(folder), name):
        if (payload := _read(stored)) is not None and valid(payload):  # computed by another asker while this one waited
            return payload
        payload = compute()
        _write(stored, payload)
    return payload


def remember_json(folder: Path, key_: str, compute: Callable[[], str]) -> str:
    """The JSON text ``compute()`` returns, kept as ``folder/<key_>.json``: read back when present (and trusted),
    else computed once (under the lock) and kept."""
    return _remember(folder, f"{key_}.json", lambda: compute().encode("utf-8"), lambda b: True).decode("utf-8")


def _secret(folder: Path) -> bytes | None:
    """The folder's HMAC key (32 random bytes, created once with mode 0o600), or None if it cannot be had safely."""
    path = Path(folder) / _KEY_FILE
    try:
        _make(Path(folder))
        if not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(32))
    except FileExistsError:
        pass  # created by another asker meanwhile
    except OSError:
        return None
    if not (_trusted(Path(folder)) and _trusted(path)) or path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
        return None
    secret = path.read_bytes()
    return secret if len(secret) == 32 else None


def _sign(secret: bytes, body: bytes) -> bytes:
    return hmac.new(secret, body, hashlib.sha256).digest()


def remember_pickle(folder: Path, key_: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept pickled as ``folder/<key_>.pickle`` behind its HMAC: unpickled only from a trusted file
    whose HMAC matches the folder's key; anything else is computed afresh (and replaced)."""
    secret = _secret(Path(folder))
    if secret is None:
        return compute()
    result: list[T] = []

    def fresh() -> bytes:
        result.append(compute())
        body = pickle.dumps(result[0], protocol=pickle.HIGHEST_PROTOCOL)
        return _sign(secret, body) + body

    def valid(payload: bytes) -> bool:
        return len(payload) > 32 and hmac.compare_digest(payload[:32], _sign(secret, payload[32:]))

    payload = _remember(Path(folder), f"{key_}.pickle", fresh, valid)
    return result[0] if result else pickle.loads(payload[32:])  # signed by this user's key, checked above
