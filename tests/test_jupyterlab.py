"""JupyterLab smoke test: the server `make lab` starts lists and opens every notebook, offers the widget extension
notebook 09 needs, and its python3 kernel is the project's environment, reproduces the stored output of the first
notebook's opening cells, and runs notebook 09 (the ipywidgets explorer) cell by cell to the same text outputs.

The server listens on 127.0.0.1 only, on a free port, with a random token and a private runtime folder; it and its
kernel are shut down even when a check fails (REST shutdown, then SIGTERM / SIGKILL to its process group).

No fixed sleeps and no tight timeouts (a busy machine must not fail the test): every wait polls a readiness condition
(the server answering /api/status, the kernel answering kernel_info and going idle) under the generous limits
below, and each one names what it waited for when it gives up.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from helpers import paths
from helpers.presentation.site import notebooks

JUPYTER = Path(sys.executable).with_name("jupyter")
FIRST = "01_dataset_tour.ipynb"
EXPLORER = "09_explorer.ipynb"
#: Seconds to wait for the server to answer /api/status (a cold start on a busy two-core machine takes ~10 s).
SERVER_READY = 180
#: Seconds to wait for a new kernel to answer kernel_info and report "idle".
KERNEL_READY = 180
#: Seconds one cell may run (notebook 09's first cell computes every explorer answer: ~5 s on an idle machine).
CELL_TIMEOUT = 600
#: Seconds for one REST call.
REST_TIMEOUT = 30
#: Seconds between two looks at a readiness condition (a look is one cheap local request).
POLL = 0.05

pytestmark = pytest.mark.slow  # a JupyterLab server and its kernel


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab server and a tiny REST client for it."""

    def __init__(self, proc: subprocess.Popen, url: str, token: str, runtime: Path, log: Path) -> None:
        self.proc, self.url, self.token, self.runtime, self.log = proc, url, token, runtime, log

    def call(self, method: str, path: str, body: dict | None = None, timeout: float = REST_TIMEOUT) -> tuple[int, dict | None]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
                return resp.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as exc:
            return exc.code, None


def wait_until(ready, limit: float, what: str, failed=lambda: False, details=lambda: "") -> None:
    """Poll ``ready()`` until it is true; fail naming ``what`` after ``limit`` seconds or as soon as ``failed()``.

    Polling is not a fixed sleep: the loop returns the moment the condition holds, and only its pace (:data:`POLL`) is fixed.
    """
    deadline = time.monotonic() + limit
    while not ready():
        if failed():
            pytest.fail(f"gave up waiting for {what}: the process exited\n{details()}")
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what} after {limit:.0f} s\n{details()}")
        time.sleep(POLL)


def _answers(server: Lab) -> bool:
    try:
        return server.call("GET", "/api/status", timeout=5)[0] == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory):
    if not JUPYTER.is_file():
        pytest.skip(f"{JUPYTER} not installed")
    tmp = tmp_path_factory.mktemp("jupyterlab")
    runtime, log = tmp / "runtime", tmp / "server.log"
    port, token = _free_port(), secrets.token_hex(24)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "PYTHONUNBUFFERED": "1"}
    cmd = [str(JUPYTER), "lab", "--no-browser", "--ServerApp.open_browser=False", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={paths.NOTEBOOKS}", "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.geteuid() == 0:  # CI and containers run as root; Jupyter refuses without this
        cmd.append("--ServerApp.allow_root=True")
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                start_new_session=True)
    server = Lab(proc, f"http://127.0.0.1:{port}", token, runtime, log)
    try:
        wait_until(lambda: _answers(server), SERVER_READY, "the server to answer /api/status",
                   lambda: proc.poll() is not None, lambda: log.read_text(errors="replace")[-3000:])
        yield server
    finally:
        try:
            for kernel in server.call("GET", "/api/kernels")[1] or []:
                server.call("DELETE", f"/api/kernels/{kernel['id']}")
            server.call("POST", "/api/shutdown")
        except OSError:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


def test_server_is_loopback_only_with_token(lab: Lab) -> None:
    assert lab.call("GET", "/api/status")[0] == 200
    anonymous = urllib.request.Request(lab.url + "/api/contents")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(anonymous, timeout=5)
    assert info.value.code == 403


def test_every_notebook_is_listed_and_opens(lab: Lab) -> None:
    status, listing = lab.call("GET", "/api/contents")
    assert status == 200
    listed = {item["name"] for item in listing["content"] if item["type"] == "notebook"}
    expected = {p.name for p in notebooks.discover(paths.NOTEBOOKS)}
    assert expected and expected <= listed
    for name in sorted(expected):
        status, model = lab.call("GET", f"/api/contents/{name}?content=1")
        assert status == 200, name
        assert model["type"] == "notebook" and model["content"]["cells"], name
        assert model["content"]["metadata"]["kernelspec"]["name"] == "python3", name


def _text_of(outputs: list[dict]) -> str:
    """The plain-text view of a cell's outputs (streams and text/plain reprs), in order."""
    parts = []
    for out in outputs:
        if out.get("output_type") == "stream":
            parts.append(out["text"] if isinstance(out["text"], str) else "".join(out["text"]))
        elif "text/plain" in out.get("data", {}):
            text = out["data"]["text/plain"]
            parts.append(text if isinstance(text, str) else "".join(text))
    return "".join(parts)


class Kernel:
    """A kernel the server started, driven over its own channels (as JupyterLab's front end drives it)."""

    def __init__(self, client) -> None:
        self.client = client

    def run(self, code: str) -> tuple[str, list[dict]]:
        """Execute ``code``; its reply status and the outputs it displayed, as a notebook stores them."""
        outputs: list[dict] = []

        def hook(msg: dict) -> None:
            kind = msg["msg_type"]
            if kind in ("stream", "execute_result", "display_data", "error"):
                outputs.append({"output_type": kind, **msg["content"]})

        reply = self.client.execute_interactive(code, output_hook=hook, timeout=CELL_TIMEOUT)
        return reply["content"]["status"], outputs


@pytest.fixture(scope="module")
def kernel(lab: Lab):
    """A python3 kernel started through the server's REST API, once it answers kernel_info and has gone idle."""
    from jupyter_client import BlockingKernelClient

    status, model = lab.call("POST", "/api/kernels", {"name": "python3"})
    assert status == 201, status
    client = BlockingKernelClient(connection_file=str(lab.runtime / f"kernel-{model['id']}.json"))
    client.load_connection_file()
    client.start_channels(hb=False)  # no heartbeat: a busy CI machine must not make the kernel look dead
    try:
        client.wait_for_ready(timeout=KERNEL_READY)  # kernel_info answered: the kernel is up and reading requests
        # and idle: an empty request returns once the kernel has published "idle" for it on IOPub (the server's own
        # execution_state stays "starting" until a browser connects, so it cannot be the signal)
        assert client.execute_interactive("", timeout=KERNEL_READY)["content"]["status"] == "ok"
        yield Kernel(client)
    finally:
        client.stop_channels()
        lab.call("DELETE", f"/api/kernels/{model['id']}")


def test_lab_offers_the_widget_extension(lab: Lab) -> None:
    """Notebook 09's controls render in JupyterLab only with the ipywidgets front end (jupyterlab_widgets) installed."""
    req = urllib.request.Request(lab.url + "/lab", headers={"Authorization": f"token {lab.token}"})
    with urllib.request.urlopen(req, timeout=REST_TIMEOUT) as resp:
        page = resp.read().decode("utf-8", errors="replace")
    assert "@jupyter-widgets/jupyterlab-manager" in page, "the ipywidgets JupyterLab extension is not installed"


def test_kernel_is_the_project_environment_and_reproduces_the_first_cells(kernel: Kernel) -> None:
    if not (paths.NOTEBOOKS / FIRST).is_file():
        pytest.skip(f"{FIRST} not written yet")
    status, out = kernel.run("import sys, helpers\nprint(sys.prefix)\nprint(helpers.__file__)")
    assert status == "ok", out
    prefix, helpers_file = _text_of(out).split()
    assert Path(prefix).resolve() == Path(sys.prefix).resolve(), "the kernel runs in another environment"
    assert Path(helpers_file).resolve().is_relative_to(paths.ROOT / "src"), "helpers is not the editable install"

    # the opening code cells, up to and including the first one with a stored text output
    nb = nbformat.read(paths.NOTEBOOKS / FIRST, as_version=4)
    compared = 0
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        status, out = kernel.run(cell.source)
        assert status == "ok", f"{FIRST}: {out}"
        stored = _text_of(cell.outputs)
        assert _text_of(out) == stored, f"{FIRST}: live output differs from the stored one for\n{cell.source}"
        if stored:
            compared += 1
            break
    assert compared, f"{FIRST}: no code cell with a text output to compare"


def test_the_widget_notebook_runs_to_its_stored_outputs(lab: Lab, kernel: Kernel) -> None:
    """Notebook 09, opened through the server, runs cell by cell in the kernel: every cell succeeds, the explorer and
    profile cells display widgets, and every text output (the widgets' text/plain included) equals the stored one."""
    status, model = lab.call("GET", f"/api/contents/{EXPLORER}?content=1")
    assert status == 200 and model["type"] == "notebook", f"{EXPLORER} does not open"
    nb = nbformat.from_dict(model["content"])
    widgets = 0
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        status, out = kernel.run(cell.source)
        assert status == "ok", f"{EXPLORER}: {out}"
        assert _text_of(out) == _text_of(cell.outputs), f"{EXPLORER}: live output differs from the stored one for\n{cell.source}"
        widgets += sum("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in out)
    assert widgets == 2, "the explorer and the profile lookup should each display one widget"
