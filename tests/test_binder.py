"""One-click open: what Binder (repo2docker) would install runs every notebook.

repo2docker reads its configuration from ``binder/`` when that folder exists, and then ignores the root's files:
``runtime.txt`` names the Python (``python-X.Y``), ``requirements.txt`` is installed with that Python's pip from the
repository's root, and ``postBuild`` runs last, in the repository. Other files in that folder would
choose another build (``environment.yml``, ``Dockerfile``...) or add steps (``apt.txt``, ``start``...) this test does
not reproduce, so they fail it.

The fast test reads that configuration (it runs with ``make test``). The ``binder`` test (``make test-binder``;
deselected from ``make test`` by pytest's configuration) builds the same environment from nothing: a copy of the
repository's files (tracked and not ignored; no ``.venv``, no ``../shared``: the committed data only), a fresh virtual
environment of the runtime's Python, ``pip install -r`` the requirements, ``postBuild``; then JupyterLab started there
must open on ``notebooks/``, and every numbered notebook is executed there against its stored outputs (nbval). It
needs a package index pip can reach and fails, saying so, when pip cannot install. It starts from a plain virtual
environment, where repo2docker starts from its own conda environment (Jupyter's server, JupyterLab, JupyterHub's
single-user server) and installs the requirements over it.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import paths

#: The only configuration files this test reproduces; any other file in the Binder folder fails it.
KNOWN_FILES = {"requirements.txt", "runtime.txt", "postBuild"}
#: The folder JupyterLab opens on (the README's Binder link names the same one).
LAB_URL = "/lab/tree/notebooks"


@dataclass(frozen=True)
class BinderConfig:
    """What repo2docker would do with a repository."""

    folder: Path  # where it reads its configuration from
    python: str  # "3.11": runtime.txt's Python
    requirements: Path
    post_build: Path


def read_config(root: Path) -> BinderConfig:
    """Read a repository's Binder configuration the way repo2docker's Python build does; fail on anything else."""
    folders = [root / name for name in ("binder", ".binder") if (root / name).is_dir()]
    assert len(folders) <= 1, "repo2docker refuses a repository with both binder/ and .binder/"
    folder = folders[0] if folders else root
    if folders:
        unknown = sorted({p.name for p in folder.iterdir()} - KNOWN_FILES)
        assert not unknown, f"{folder.name}/ holds {unknown}: repo2docker would read them and this test does not"
    runtime = (folder / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", runtime)
    assert match, f"runtime.txt says {runtime!r}: repo2docker's Python build needs python-X.Y"
    requirements, post_build = folder / "requirements.txt", folder / "postBuild"
    assert requirements.is_file(), f"no {requirements.relative_to(root)}: repo2docker would install no package"
    assert post_build.is_file(), f"no {post_build.relative_to(root)}: the helpers package would not be installed"
    return BinderConfig(folder, match[1], requirements, post_build)


def test_binder_config_installs_the_lock_with_the_projects_python() -> None:
    """The configuration repo2docker reads: the project's Python, the root lock (not a copy of it), the package."""
    import tomllib

    from packaging.specifiers import SpecifierSet

    config = read_config(paths.ROOT)
    requires = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert config.python in SpecifierSet(requires), f"runtime.txt's Python {config.python} is outside {requires}"
    lines = [line.split("#")[0].strip() for line in config.requirements.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    lock = (config.requirements.parent / lines[0].removeprefix("-r").strip()).resolve() if lines else None
    assert lines and lines[0].startswith("-r") and lock == paths.ROOT / "requirements.txt", lines
    assert len(lines) == 1, f"{config.requirements.name} adds {lines[1:]} to the lock: pins belong in requirements.txt"
    script = config.post_build.read_text(encoding="utf-8")
    assert "pip install --no-cache-dir --no-deps -e ." in script  # the helpers package, as `make install` installs it
    assert LAB_URL in script and (paths.ROOT / LAB_URL.removeprefix("/lab/tree/")).is_dir()


def _run(cmd: list[str], *, cwd: Path, env: dict[str, str], what: str) -> str:
    """Run one build or test step; on failure, fail the test with the step's name and the end of its output."""
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
        pytest.fail(f"{what} failed (exit {done.returncode}): {' '.join(cmd)}\n{tail}", pytrace=False)
    return done.stdout


def _copy_repository(root: Path, dest: Path) -> None:
    """The repository's files as a clone would have them: tracked or new, never ignored (no .venv, site/, caches)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        source = root / name
        if source.is_file():  # a tracked file deleted in the working tree is gone from the next commit too
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)


def _lab_opens_at(venv: Path, repo: Path, env: dict[str, str]) -> str:
    """The page a browser lands on when it opens the environment's JupyterLab (started as Binder's user would)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = secrets.token_hex(8)
    cmd = [str(venv / "bin" / "jupyter"), "lab", "--no-browser", f"--port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", *(["--allow-root"] if os.geteuid() == 0 else [])]
    with subprocess.Popen(cmd, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as lab:
        try:
            for _ in range(120):
                if lab.poll() is not None:
                    pytest.fail(f"JupyterLab stopped (exit {lab.returncode}):\n{lab.stderr.read()[-3000:]}", pytrace=False)
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={token}", timeout=10) as page:
                        return urllib.parse.urlsplit(page.geturl()).path
                except OSError:
                    time.sleep(0.5)
            pytest.fail("JupyterLab did not answer within a minute", pytrace=False)
        finally:
            lab.terminate()
            lab.communicate(timeout=30)


@pytest.mark.binder
def test_binder_environment_runs_every_notebook(tmp_path: Path) -> None:
    """Build what repo2docker would install into a clean virtual environment and run every notebook there."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    repo, venv, home = tmp_path / "repo", tmp_path / "venv", tmp_path / "home"
    home.mkdir()
    _copy_repository(paths.ROOT, repo)
    config = read_config(repo)
    if shutil.which(f"python{config.python}") is None:
        pytest.fail(f"runtime.txt asks for Python {config.python} and there is no python{config.python} on PATH",
                    pytrace=False)
    # the interpreter itself, not a launcher (pyenv's shims need this session's home)
    python = _run([f"python{config.python}", "-c", "import sys; print(sys.executable)"], cwd=repo, env=dict(os.environ),
                  what=f"finding Python {config.python}").strip()
    # Binder's environment: its own Python first on PATH, its own home, no variable of this session's
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "JUPYTER", "MPL", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}")
    _run([python, "-m", "venv", str(venv)], cwd=repo, env=env, what=f"creating a Python {config.python} environment")
    timings["copy + venv"] = time.perf_counter() - start

    step = time.perf_counter()
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-r", str(config.requirements.relative_to(repo))],
         cwd=repo, env=env, what=f"pip install -r {config.requirements.relative_to(repo)} (offline, or no index pip can reach?)")
    config.post_build.chmod(0o755)  # repo2docker marks it executable, then runs it
    _run([str(config.post_build)], cwd=repo, env=env, what=f"{config.post_build.relative_to(repo)} (offline?)")
    timings["install"] = time.perf_counter() - step

    step = time.perf_counter()
    assert _lab_opens_at(venv, repo, env) == LAB_URL, "JupyterLab does not open on the notebooks"
    timings["JupyterLab"] = time.perf_counter() - step

    step = time.perf_counter()
    imported = _run([str(venv / "bin" / "python"), "-c", "import helpers.paths as p; print(p.ROOT)"],
                    cwd=home, env=env, what="importing the helpers package").strip()
    assert Path(imported) == repo, f"helpers is imported from {imported}, not from the repository Binder serves"
    notebooks = sorted(str(p.relative_to(repo)) for p in (repo / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert notebooks, "no numbered notebook to run"
    _run([str(venv / "bin" / "python"), "-m", "pytest", "-q", "--nbval", "-n", "2", "--dist", "loadfile", *notebooks],
         cwd=repo, env=env, what="running the notebooks in the Binder environment")
    timings["notebooks"] = time.perf_counter() - step
    print("binder environment: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings.items())
          + f", total {time.perf_counter() - start:.0f} s for {len(notebooks)} notebooks")
    shutil.rmtree(venv)  # kept only when a step failed, to look into
