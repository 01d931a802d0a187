"""JupyterLab smoke test: the server `make lab` starts lists and opens every notebook, and its python3 kernel is
the project's environment and reproduces the stored output of the first notebook's opening cells.

The server listens on 127.0.0.1 only, on a free port, with a random token and a private runtime folder; it and its
kernel are shut down even when a check fails (REST shutdown, then SIGTERM / SIGKILL to its process group).
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab server and a tiny REST client for it."""

    def __init__(self, proc: subprocess.Popen, url: str, token: str, runtime: Path, log: Path) -> None:
        self.proc, self.url, self.token, self.runtime, self.log = proc, url, token, runtime, log

    def call(self, method: str, path: str, body: dict | None = None, timeout: float = 10) -> tuple[int, dict | None]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
                return resp.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as exc:
            return exc.code, None


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
        deadline = time.monotonic() + 45
        while True:
            if proc.poll() is not None:
                pytest.fail(f"jupyter lab exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                if server.call("GET", "/api/status", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer in 45 s:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        yield server
    finally:
        try:
            for kernel in server.call("GET", "/api/kernels", timeout=3)[1] or []:
                server.call("DELETE", f"/api/kernels/{kernel['id']}", timeout=5)
            server.call("POST", "/api/shutdown", timeout=3)
        except OSError:
            pass
        try:
            proc.wait(timeout=5)
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


def test_kernel_is_the_project_environment_and_reproduces_the_first_cells(lab: Lab) -> None:
    from jupyter_client import BlockingKernelClient

    if not (paths.NOTEBOOKS / FIRST).is_file():
        pytest.skip(f"{FIRST} not written yet")
    status, kernel = lab.call("POST", "/api/kernels", {"name": "python3"})
    assert status == 201, status
    client = BlockingKernelClient(connection_file=str(lab.runtime / f"kernel-{kernel['id']}.json"))
    client.load_connection_file()
    client.start_channels(hb=False)  # no heartbeat: a busy CI machine must not make the kernel look dead
    try:
        assert client.kernel_info(reply=True, timeout=30)["content"]["status"] == "ok"

        def run(code: str) -> tuple[str, list[dict]]:
            outputs: list[dict] = []

            def hook(msg: dict) -> None:
                kind = msg["msg_type"]
                if kind in ("stream", "execute_result", "display_data", "error"):
                    outputs.append({"output_type": kind, **msg["content"]})

            reply = client.execute_interactive(code, output_hook=hook, timeout=60)
            return reply["content"]["status"], outputs

        status, out = run("import sys, helpers\nprint(sys.prefix)\nprint(helpers.__file__)")
        assert status == "ok", out
        prefix, helpers_file = _text_of(out).split()
        assert Path(prefix).resolve() == Path(sys.prefix).resolve(), "the kernel runs in another environment"
        assert Path(helpers_file).resolve().is_relative_to(paths.ROOT / "src"), "helpers is not the editable install"

        # the opening code cells, up to and including the first one with a stored text output
        nb = nbformat.read(paths.NOTEBOOKS / FIRST, as_version=4)
        compared = 0
        for cell in (c for c in nb.cells if c.cell_type == "code"):
            status, out = run(cell.source)
            assert status == "ok", f"{FIRST}: {out}"
            stored = _text_of(cell.outputs)
            assert _text_of(out) == stored, f"{FIRST}: live output differs from the stored one for\n{cell.source}"
            if stored:
                compared += 1
                break
        assert compared, f"{FIRST}: no code cell with a text output to compare"
    finally:
        client.stop_channels()
        lab.call("DELETE", f"/api/kernels/{kernel['id']}")
