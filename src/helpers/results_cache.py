"""Slow results kept between processes (the estimator's fits, the explorer's answers) with ``joblib.Memory``.

Several processes ask for the same results: the test workers, notebook kernels, the site build. A function decorated
with :func:`kept` computes once per distinct arguments and keeps the result in :data:`ROOT` (git-ignored); a process
that asks while another is computing the same call waits for that result instead of computing it again.
joblib notices a change to the decorated function itself, not to the helpers it calls or to the data files it reads,
so each cached function also takes :func:`fingerprint` as an argument: a digest of the input files, of every module
of ``src/helpers`` and of the numerical libraries' versions. Any of them changed, the result is computed afresh.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import ParamSpec, TypeVar

import joblib

from helpers import fsutil, paths

#: The project's cache folder (git-ignored).
ROOT = paths.ROOT / ".cache" / "joblib"
#: The cache every slow result is kept in.
MEMORY = joblib.Memory(ROOT, verbose=0)
#: Libraries whose versions are part of every fingerprint.
LIBRARIES = ("numpy", "pandas", "scikit-learn")
P = ParamSpec("P")
R = TypeVar("R")
#: Seconds a process waits for another one computing the same call (the slowest, the estimator's refits: ~1 min).
WAIT = 900.0


def kept(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` kept in :data:`MEMORY`, computed by one process at a time per distinct call (a lock per call in
    :data:`ROOT`): the others wait, then read the kept result. ``.compute`` is ``func`` itself, never kept."""
    memorized = MEMORY.cache(func)

    @functools.wraps(func)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        if memorized.check_call_in_cache(*args, **kwargs):
            return memorized(*args, **kwargs)
        ROOT.mkdir(parents=True, exist_ok=True)
        lock = ROOT / f"{func.__module__}.{func.__qualname__}-{joblib.hash((args, kwargs))}.lock"
        with fsutil.locked(lock, wait=WAIT, what=f"the kept result of {func.__qualname__}"):
            return memorized(*args, **kwargs)

    call.compute = func
    return call


def fingerprint(inputs: Iterable[Path]) -> str:
    """A digest of the bytes of each file in ``inputs`` (a missing file counts as missing), every helper's source and
    :data:`LIBRARIES`' and Python's versions."""
    h = hashlib.sha256(" ".join([*(metadata.version(lib) for lib in LIBRARIES), sys.version]).encode())
    for path in map(Path, inputs):
        h.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"missing"))
    for module in sorted((paths.ROOT / "src" / "helpers").rglob("*.py")):
        h.update(str(module.relative_to(paths.ROOT)).encode() + b"\0" + module.read_bytes())
    return h.hexdigest()
