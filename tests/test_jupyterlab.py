"""JupyterLab smoke test: the server `make lab` starts lists and opens every notebook, offers the widget extension
notebook 09 needs, and its python3 kernel is the project's environment, reproduces the stored output of the first
notebook's opening cells, and runs notebook 09 (the ipywidgets explorer) cell by cell to the same text outputs. In
headless Chromium (Debian's), a notebook opened in Lab is not marked modified once its kernel is up, and saving it
leaves ``git status`` clean and its bytes equal to the committed ones (helpers.nbtools' canonical metadata is what Lab
writes for the project's kernel); and once Lab's MathJax has run over notebook 02's outputs, none holds typeset maths
and its Answer box reads as the site shows it, two dollar amounts in one sentence included (``wording.DOLLAR``).

The server works on a copy of the notebooks in a throwaway git repository (with the project's .gitignore), so nothing
a test does touches the working tree. It listens on 127.0.0.1 only, on a free port, with a random token, a private
runtime folder and its own Lab settings and workspaces (a contributor's settings cannot change what is saved); it and
its kernels are shut down even when a check fails (REST shutdown, then SIGTERM / SIGKILL to its process group).

No fixed sleeps and no tight timeouts (a busy machine must not fail the test): every wait polls a readiness condition
(the server answering /api/status, the kernel answering kernel_info and going idle, Lab having applied the kernel's
info to the open notebook, the contents API reporting a new modification time after a save) under the generous
limits below, and each one names what it waited for when it gives up.
"""

from __future__ import annotations

import json
import os
import platform
import re
import secrets
import shutil
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

from helpers import nbtools, paths
from helpers.presentation.site import notebooks
from tests import browser as browser_setup

JUPYTER = Path(sys.executable).with_name("jupyter")
FIRST = "01_dataset_tour.ipynb"
EXPLORER = "09_explorer.ipynb"
#: The notebooks the browser opens and saves: a plain one and the one with widgets.
SAVED = ("02_us_vs_europe.ipynb", EXPLORER)
#: Seconds to wait for the server to answer /api/status (a cold start on a busy two-core machine takes ~10 s).
SERVER_READY = 180
#: Seconds to wait for a new kernel to answer kernel_info and report "idle".
KERNEL_READY = 180
#: Seconds one cell may run (notebook 09's first cell computes every explorer answer: ~5 s on an idle machine).
CELL_TIMEOUT = 600
#: Seconds a save may take to reach the disk once asked for.
SAVE_READY = 120
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

    def __init__(self, proc: subprocess.Popen, url: str, token: str, runtime: Path, log: Path, repo: Path) -> None:
        self.proc, self.url, self.token, self.runtime, self.log = proc, url, token, runtime, log
        #: The throwaway git repository whose ``notebooks/`` folder the server serves.
        self.repo = repo

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


def git(repo: Path, *args: str) -> str:
    """``git args`` in ``repo`` with no user or system configuration (no hooks, signing or identity needed)."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@localhost", *args], cwd=repo,
                          env=env, check=True, capture_output=True, text=True, timeout=REST_TIMEOUT).stdout


def _repository_of_notebooks(repo: Path) -> Path:
    """``repo``: a new git repository holding the project's .gitignore and a copy of the notebooks, committed."""
    repo.mkdir()
    shutil.copy2(paths.ROOT / ".gitignore", repo / ".gitignore")
    (repo / "notebooks").mkdir()
    for path in paths.NOTEBOOKS.glob("*.ipynb"):
        shutil.copy2(path, repo / "notebooks" / path.name)
    if shutil.which("git"):
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--no-verify", "-m", "the notebooks as in the working tree")
    return repo


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory):
    if not JUPYTER.is_file():
        pytest.skip(f"{JUPYTER} not installed")
    tmp = tmp_path_factory.mktemp("jupyterlab")
    runtime, log = tmp / "runtime", tmp / "server.log"
    repo = _repository_of_notebooks(tmp / "repo")
    port, token = _free_port(), secrets.token_hex(24)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "PYTHONUNBUFFERED": "1"}
    cmd = [str(JUPYTER), "lab", "--no-browser", "--ServerApp.open_browser=False", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={repo / 'notebooks'}", "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           f"--LabApp.user_settings_dir={tmp / 'settings'}", f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
           "--LabApp.expose_app_in_browser=True"]  # window.jupyterapp: the browser test reads the document's state
    if os.geteuid() == 0:  # CI and containers run as root; Jupyter refuses without this
        cmd.append("--ServerApp.allow_root=True")
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                start_new_session=True)
    server = Lab(proc, f"http://127.0.0.1:{port}", token, runtime, log, repo)
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


#: JavaScript: the open document widget (a NotebookPanel) whose path is ``name``, or null.
_FIND = """const find = name => {
    const app = window.jupyterapp;
    if (!app) return null;
    for (const w of app.shell.widgets("main")) if (w.context && w.context.path === name) return w;
    return null;
};"""


def _settle(page, function: str, arg: str, what: str) -> None:
    """Call the JavaScript ``function`` with ``arg`` in ``page`` and wait (polling, at most :data:`KERNEL_READY`
    seconds) until the promise it returns has resolved; fail naming ``what`` otherwise. The flag is cleared first: the
    page is shared by the module's tests, and an earlier call with the same ``what`` must not count as this one."""
    page.evaluate(f"""arg => {{ {_FIND}
        window.settled = window.settled || {{}};
        window.settled[{what!r}] = false;
        Promise.resolve(({function})(arg)).then(() => {{ window.settled[{what!r}] = true; }});
    }}""", arg)
    page.wait_for_function(f"() => !!(window.settled && window.settled[{what!r}])", timeout=KERNEL_READY * 1000,
                           polling=POLL * 1000)


#: JavaScript, given the notebook's name: whether its model is dirty, whether its tab shows it, and its metadata.
_STATE = f"""name => {{ {_FIND}
    const w = find(name);
    return {{dirty: w.model.dirty, tab: w.title.className.includes("jp-mod-dirty"), metadata: w.model.metadata}};
}}"""


@pytest.fixture(scope="module")
def lab_page(lab: Lab, chromium):
    """JupyterLab loaded (restored) in a fresh isolated context (a new profile) on the shared Chromium, in a workspace
    of its own; the page may reach only the server, and any other request is recorded in the list and aborted."""
    left: list[str] = []
    context = browser_setup.open_context(chromium, left, allow=(lab.url + "/",))
    try:
        page = context.new_page()
        page.goto(f"{lab.url}/lab/workspaces/save?token={lab.token}")
        page.wait_for_function("() => !!window.jupyterapp", polling=POLL * 1000)
        _settle(page, "() => window.jupyterapp.restored", "", "Lab restored")
        yield page, left
    finally:
        context.close()


def _last_modified(lab: Lab, name: str) -> str:
    status, model = lab.call("GET", f"/api/contents/{name}?content=0")
    assert status == 200, name
    return model["last_modified"]


@pytest.mark.skipif(platform.python_version() != nbtools.PYTHON_VERSION,
                    reason=f"the kernel runs Python {platform.python_version()}, the notebooks name {nbtools.PYTHON_VERSION}")
@pytest.mark.parametrize("name", SAVED)
def test_a_notebook_opens_unmodified_and_saves_to_the_committed_bytes(lab: Lab, lab_page, name: str) -> None:
    """Open the notebook in Lab (File > Open's command), wait until its kernel is up and Lab has copied the kernel's
    info and spec into its metadata, check it is not modified, save it (Ctrl+S), wait for the save to reach the disk,
    then: ``git status`` is clean and the file is byte for byte the committed one."""
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    if not (lab.repo / "notebooks" / name).is_file():
        pytest.skip(f"{name} not written yet")
    page, left = lab_page
    before = _last_modified(lab, name)
    try:
        _settle(page, 'name => window.jupyterapp.commands.execute("docmanager:open", {path: name})', name, f"{name} open")
        _settle(page, "name => find(name).context.ready.then(() => find(name).sessionContext.ready)", name,
                f"{name} loaded and its session ready")
        # Lab copies the kernel's info and spec into the metadata in callbacks it registered on these same promises
        # when the kernel started, so once they have resolved here, Lab has done it (and marked the notebook dirty if
        # anything changed).
        _settle(page, "name => { const k = find(name).sessionContext.session.kernel; return Promise.all([k.info, k.spec]) }",
                name, f"{name}'s kernel info and spec")
        state = page.evaluate(_STATE, name)
        assert state["metadata"]["language_info"] == nbtools.LANGUAGE_INFO, "the kernel reports another language_info"
        assert not state["dirty"] and not state["tab"], f"{name} opens as modified: Lab wrote {state['metadata']}"

        page.evaluate(f"name => {{ {_FIND} window.jupyterapp.shell.activateById(find(name).id); }}", name)
        page.keyboard.press("Control+s")
        wait_until(lambda: _last_modified(lab, name) != before, SAVE_READY, f"{name} to be saved",
                   details=lambda: f"requests stopped: {left}\n" + lab.log.read_text(errors="replace")[-3000:])
        page.wait_for_function(f"name => {{ {_FIND} return !find(name).model.dirty; }}", arg=name,
                               timeout=SAVE_READY * 1000, polling=POLL * 1000)
    finally:
        page.evaluate(f"name => {{ {_FIND} const w = find(name); if (w) w.dispose(); }}", name)
        for session in lab.call("GET", "/api/sessions")[1] or []:  # its kernel is not needed any more
            if session["path"] == name:
                lab.call("DELETE", f"/api/sessions/{session['id']}")

    assert git(lab.repo, "status", "--porcelain") == "", f"saving {name} in Lab left git status dirty"
    assert (lab.repo / "notebooks" / name).read_bytes() == (paths.NOTEBOOKS / name).read_bytes()
    assert left == [], f"Lab asked for addresses off this machine: {left}"


#: The notebook whose prose outputs the browser reads: its Answer box compares two dollar amounts per grade.
PROSE = "02_us_vs_europe.ipynb"

#: JavaScript, given the notebook's name: each code cell's tags, the number of Markdown outputs Lab has rendered, and
#: the nodes of its Markdown and HTML outputs typeset by Lab's own LaTeX typesetter (MathJax), awaited; resolves to
#: each cell's tags, the maths elements in its outputs and its outputs' visible text.
_TYPESET = f"""name => {{ {_FIND}
    const panel = find(name);
    const typesetter = panel.content.rendermime.latexTypesetter;
    const cells = panel.content.widgets.filter(c => c.model.type === "code");
    const nodes = cells.flatMap(c => [...c.outputArea.node.querySelectorAll(".jp-RenderedMarkdown, .jp-RenderedHTML")]);
    return Promise.all(nodes.map(n => typesetter.typeset(n))).then(() => cells.map(c => ({{
        tags: c.model.getMetadata("tags") || [],
        maths: c.outputArea.node.querySelectorAll("mjx-container, .MathJax").length,
        text: [...c.outputArea.node.querySelectorAll(".jp-OutputArea-output")].map(o => o.innerText).join("\\n"),
    }})));
}}"""


def _rendered_markdown(nb: nbformat.NotebookNode) -> int:
    return sum("text/markdown" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def _site_text(markdown: str) -> str:
    """What the site shows for a Markdown output (nbconvert's renderer, no MathJax), whitespace collapsed."""
    from bs4 import BeautifulSoup
    from nbconvert.filters import markdown2html

    return " ".join(BeautifulSoup(markdown2html(markdown), "html.parser").get_text().split())


def test_prose_with_dollar_amounts_reads_as_written_in_lab(lab: Lab, lab_page) -> None:
    """Open notebook 02 in Lab, wait until every Markdown output is rendered, run Lab's LaTeX typesetter (MathJax)
    over every Markdown and HTML output and wait for it: no output holds a typeset maths element, and the Answer box
    reads as the site renders it, two dollar amounts in one sentence included ("$130,060 (n = 136) vs $53,333")."""
    if not (lab.repo / "notebooks" / PROSE).is_file():
        pytest.skip(f"{PROSE} not written yet")
    page, _ = lab_page
    nb = nbformat.read(lab.repo / "notebooks" / PROSE, as_version=4)
    box = next(c for c in nb.cells if "answer" in c.metadata.get("tags", []))
    try:
        _settle(page, 'name => window.jupyterapp.commands.execute("docmanager:open", {path: name})', PROSE, f"{PROSE} open")
        _settle(page, "name => find(name).context.ready", PROSE, f"{PROSE} loaded")
        page.wait_for_function(f"name => {{ {_FIND} return find(name).content.node.querySelectorAll('.jp-RenderedMarkdown')"
                               f".length >= {_rendered_markdown(nb)}; }}", arg=PROSE, timeout=KERNEL_READY * 1000,
                               polling=POLL * 1000)
        cells = page.evaluate(_TYPESET, PROSE)
    finally:
        page.evaluate(f"name => {{ {_FIND} const w = find(name); if (w) w.dispose(); }}", PROSE)
        for session in lab.call("GET", "/api/sessions")[1] or []:
            if session["path"] == PROSE:
                lab.call("DELETE", f"/api/sessions/{session['id']}")

    typeset = [" ".join(c["text"].split())[:80] for c in cells if c["maths"]]
    assert not typeset, f"Lab typesets these outputs of {PROSE} as maths: {typeset}"
    shown = " ".join(next(c for c in cells if "answer" in c["tags"])["text"].split())
    assert shown == _site_text("".join(box.outputs[0]["data"]["text/markdown"])), "Lab and the site show other words"
    assert re.search(r"\$\d[\d,]* \(n = [\d,]+\) vs \$\d[\d,]*", shown), f"no two dollar amounts in one sentence: {shown}"
