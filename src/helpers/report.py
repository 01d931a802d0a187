"""Render the collection as a static site: execute every notebook, then one HTML page per notebook plus an index.

``build_site()`` executes copies of ``notebooks/NN_*.ipynb`` in memory (fresh kernel each, the committed files are
never rewritten), renders each with nbconvert's ``HTMLExporter`` through the ``offline`` template (the JupyterLab
look with every network resource removed: no require.js, MathJax, mermaid or widget scripts; plots are base64
PNGs) and writes an ``index.html`` from a small Jinja2 template: the collection's title, headline findings
computed from the curated data, and one card per notebook (its question, a thumbnail of its key figure, a link).

The site is built in a temporary folder beside the target and swapped in only when everything succeeded, so a
failing notebook never leaves a half-written site. A failure raises ``NotebookFailed`` naming notebook and cell.

Notebooks run ``jobs`` at a time, longest first (durations of the previous build are kept in ``site/.timings.json``);
pages keep the notebooks' order. The headline findings use the same computations (and seeds) as the notebooks that
discuss them (02: US vs Europe; 06: the article's $150,000), so the index and the notebooks agree.

Cell tags the builder reads: ``key-figure`` (the card's thumbnail; default: the notebook's first PNG output) and
``docs:NAME`` (its first PNG output becomes the README figure ``docs/NAME.png``; without tags, ``DOCS_FIGURES``
names the notebooks whose key figures are used).
"""

from __future__ import annotations

import base64
import copy
import fnmatch
import io
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import nbformat
from nbformat import NotebookNode

from helpers import paths

TEMPLATES = Path(__file__).parent / "templates"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
KEY_FIGURE_TAG = "key-figure"
DOCS_TAG_PREFIX = "docs:"
#: Width in pixels of the index cards' thumbnails and the largest width of the README figures in docs/.
THUMB_WIDTH = 480
DOCS_MAX_WIDTH = 900
#: Per-cell execution timeout in seconds.
CELL_TIMEOUT = 300
DEFAULT_TITLE = "ML engineer careers: the notebook collection"
#: README figures (docs/NAME.png): NAME -> pattern of the notebook stem whose key figure it is (``docs:NAME`` tags win).
DOCS_FIGURES: dict[str, str] = {
    "us_vs_europe": "[0-9][0-9]_us_vs_europe*",
    "grade_ladder": "[0-9][0-9]_*grade*",
}


class NotebookFailed(RuntimeError):
    """A notebook raised while executing; ``notebook`` and ``cell`` (1-based index among all cells) say where."""

    def __init__(self, notebook: str, cell: int | None, message: str, source: str = "") -> None:
        self.notebook, self.cell, self.message, self.source = notebook, cell, message, source
        where = f"{notebook}, cell {cell}{source}" if cell is not None else notebook
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # picklable across processes
        return type(self), (self.notebook, self.cell, self.message, self.source)


@dataclass
class Page:
    """One notebook as the site shows it."""

    path: Path
    nb: NotebookNode
    seconds: float = 0.0
    number: str = field(init=False)
    href: str = field(init=False)
    title: str = field(init=False)
    lead: str = field(init=False)

    def __post_init__(self) -> None:
        self.number = self.path.name[:2]
        self.href = f"{self.path.stem}.html"
        self.title, self.lead = question_of(self.nb, fallback=self.path.stem)


# ---------------------------------------------------------------------------------------------------- discovery


def discover(notebooks: Path = paths.NOTEBOOKS) -> list[Path]:
    """The collection's notebooks (``NN_name.ipynb``) in order."""
    return sorted(p for p in Path(notebooks).glob(NOTEBOOK_GLOB) if p.is_file())


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"(\*\*|__|\*|`)")


def _plain(text: str) -> str:
    """Markdown inline text as plain text (links to their text, emphasis and code marks removed)."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_MARK.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def _first_sentence(text: str, limit: int = 260) -> str:
    """The paragraph's first question (a sentence ending in '?'), else its first sentence, else the text cut at a
    word boundary with an ellipsis."""
    sentences = [x for x in re.split(r"(?<=[.?!])\s+", text) if x]
    pick = next((x for x in sentences if x.endswith("?") and len(x) <= limit), sentences[0] if sentences else "")
    return pick if len(pick) <= limit else pick[:limit].rsplit(" ", 1)[0] + " …"


def question_of(nb: NotebookNode, fallback: str = "") -> tuple[str, str]:
    """(heading, lead) of the notebook's first markdown cell: its first heading and the first sentence of its
    first paragraph (a leading "Question." is dropped: the card presents it as the question)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        heading, para = "", []
        for line in cell.source.splitlines():
            s = line.strip()
            if s.startswith("#"):
                if para:
                    break
                heading = heading or _plain(s.lstrip("#"))
            elif not s or s.startswith(("<", "|", "---", "```")):
                if para:
                    break
            else:
                para.append(s.lstrip(">-* ").strip() if not para else s)
        lead = re.sub(r"^Question\s*[.:]\s*", "", _plain(" ".join(para)))
        if heading or lead:
            return heading or fallback, _first_sentence(lead)
    return fallback, ""


def _png_outputs(cell: NotebookNode) -> list[bytes]:
    out = []
    for o in cell.get("outputs", []):
        data = o.get("data", {}) if o.get("output_type") in ("display_data", "execute_result") else {}
        if "image/png" in data:
            png = data["image/png"]
            out.append(base64.b64decode(png if isinstance(png, str) else "".join(png)))
    return out


def key_figure(nb: NotebookNode) -> bytes | None:
    """PNG bytes of the notebook's key figure: the cell tagged ``key-figure``, else the first PNG output."""
    cells = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [c for c in cells if KEY_FIGURE_TAG in c.get("metadata", {}).get("tags", [])]
    for cell in tagged + cells:
        pngs = _png_outputs(cell)
        if pngs:
            return pngs[0]
    return None


def key_figure_title(nb: NotebookNode) -> str:
    """The finding stated by the key figure (its ``alt`` text, stored by ``plots.show``), or ``""``."""
    cells = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [c for c in cells if KEY_FIGURE_TAG in c.get("metadata", {}).get("tags", [])]
    for cell in tagged + cells:
        for o in cell.get("outputs", []):
            if "image/png" in o.get("data", {}):
                return o.get("metadata", {}).get("image/png", {}).get("alt", "")
    return ""


README_INDEX_START = "<!-- notebook-index:start (generated by `make docs`; do not edit by hand) -->"
README_INDEX_END = "<!-- notebook-index:end -->"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def readme_index(pages: Sequence[Page]) -> str:
    """The README's notebook index: each notebook, the question it answers and its key figure's finding."""
    rows = ["| Notebook | The question it answers | Headline figure (its title states the finding) |", "| --- | --- | --- |"]
    for p in pages:
        finding = _md_cell(key_figure_title(p.nb)) or "(none)"
        rows.append(f"| [{p.path.stem}](notebooks/{p.path.name}) | {_md_cell(p.lead)} | {finding} |")
    return "\n".join([README_INDEX_START, *rows, README_INDEX_END])


def write_readme_index(pages: Sequence[Page], readme: Path = paths.ROOT / "README.md") -> bool:
    """Replace the generated block in the README by the current index; True if the file changed."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_INDEX_START), text.find(README_INDEX_END)
    if start < 0 or end < start:
        raise ValueError(f"{readme}: markers {README_INDEX_START!r} ... {README_INDEX_END!r} not found")
    new = text[:start] + readme_index(pages) + text[end + len(README_INDEX_END):]
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def docs_figures(nb: NotebookNode) -> dict[str, bytes]:
    """``{NAME: png}`` for every cell tagged ``docs:NAME`` that has a PNG output."""
    found = {}
    for cell in nb.cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.startswith(DOCS_TAG_PREFIX) and _png_outputs(cell):
                found[tag[len(DOCS_TAG_PREFIX):]] = _png_outputs(cell)[0]
    return found


# ---------------------------------------------------------------------------------------------------- execution


def _failed_cell(nb: NotebookNode) -> int | None:
    """1-based index of the first cell with an error output (nbclient stores it before raising)."""
    for i, cell in enumerate(nb.cells, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
    return None


def execute_notebook(path: Path, timeout: int = CELL_TIMEOUT) -> NotebookNode:
    """Execute a copy of ``path`` in a fresh ``python3`` kernel, cwd = its folder; the file is not rewritten.

    Raises ``NotebookFailed`` naming the notebook and the cell when a cell raises (or times out).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    work = copy.deepcopy(nb)
    # the kernel's own log (e.g. its note that local TCP is unencrypted) is noise in the progress display
    client = NotebookClient(work, timeout=timeout, kernel_name="python3", allow_errors=False,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        cell = _failed_cell(work)
        first = work.cells[cell - 1].source.strip().splitlines()[0][:60] if cell and work.cells[cell - 1].source.strip() else ""
        where = f" (`{first}`)" if first else ""
        raise NotebookFailed(path.name, cell, f"{exc.ename}: {exc.evalue}".strip(), where) from None
    except (CellTimeoutError, DeadKernelError, RuntimeError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        running = next((i for i, c in enumerate(work.cells, 1) if c.cell_type == "code" and c.get("execution_count") is None
                        and c.source.strip()), None)
        raise NotebookFailed(path.name, running, f"{type(exc).__name__}: {first_line}") from None
    for cell in work.cells:  # volatile metadata nbclient adds
        cell.get("metadata", {}).pop("execution", None)
    return work


class Progress:
    """Prints one line per notebook start / finish with the elapsed time (safe to call from threads)."""

    def __init__(self, total: int, stream=None) -> None:
        self.total, self.stream, self.t0 = total, stream or sys.stdout, time.perf_counter()
        self._lock = threading.Lock()

    def __call__(self, index: int, name: str, status: str) -> None:
        with self._lock:
            print(f"  [{index}/{self.total}] {name:<40} {status:<22} elapsed {time.perf_counter() - self.t0:6.1f} s",
                  file=self.stream, flush=True)


def execute_all(notebooks: Sequence[Path], jobs: int = 2, progress: Progress | None = None,
                runner: Callable[[Path], NotebookNode] = execute_notebook,
                on_done: Callable[[int, Page], None] | None = None, expected: dict[str, float] | None = None) -> list[Page]:
    """Execute the notebooks ``jobs`` at a time; pages come back in the notebooks' order.

    ``expected`` (seconds per notebook file name, e.g. from the previous build) starts the longest first, so the
    last notebook to finish is not a long one started late; notebooks without a figure start before all others.

    ``on_done(index, page)`` runs in the worker thread as soon as a notebook has run (the site renders each page
    while the next kernels are busy). On the first failure the queued notebooks are cancelled and
    ``NotebookFailed`` is raised.
    """
    progress = progress or Progress(len(notebooks))

    def one(i: int, path: Path) -> Page:
        progress(i, path.name, "running")
        t = time.perf_counter()
        try:
            nb = runner(path)
        except NotebookFailed as exc:
            progress(i, path.name, f"FAILED (cell {exc.cell})")
            raise
        page = Page(path, nb, time.perf_counter() - t)
        if on_done is not None:
            on_done(i - 1, page)
        progress(i, path.name, f"ok in {page.seconds:.1f} s")
        return page

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        expected = expected or {}
        start = sorted(range(len(notebooks)), key=lambda k: -expected.get(notebooks[k].name, float("inf")))
        submitted = {k: pool.submit(one, k + 1, notebooks[k]) for k in start}
        futures = [submitted[k] for k in range(len(notebooks))]
        try:
            return [f.result() for f in futures]
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def stored_pages(notebooks: Sequence[Path]) -> list[Page]:
    """Pages from the notebooks' stored outputs (no execution)."""
    return [Page(p, nbformat.read(p, as_version=4)) for p in notebooks]


# ---------------------------------------------------------------------------------------------------- rendering


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)], embed_images=True)


def render_page(page: Page, prev: Page | None, nxt: Page | None, exporter=None) -> str:
    """One notebook page: the lab look, offline, with previous / index / next links."""
    exporter = exporter or _exporter()
    nav = {"index": "index.html",
           "prev": {"href": prev.href, "title": prev.title} if prev else None,
           "next": {"href": nxt.href, "title": nxt.title} if nxt else None}
    nb = copy.deepcopy(page.nb)
    nb.metadata["title"] = page.title
    figure = 0
    for cell in nb.cells:  # alt text for figures that have none (screen readers; nbconvert warns otherwise)
        for o in cell.get("outputs", []):
            if "image/png" in o.get("data", {}):
                figure += 1
                meta = o.setdefault("metadata", {}).setdefault("image/png", {})
                meta.setdefault("alt", f"Figure {figure} of notebook {page.number}: {page.title}")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": page.title, "path": str(page.path.parent)},
                                                         "report_nav": nav})
    return body


def thumbnail(png: bytes, width: int = THUMB_WIDTH) -> tuple[str, int, int]:
    """(base64 PNG, width, height) of ``png`` scaled down to at most ``width`` pixels wide."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    if img.width > width:
        img = img.resize((width, max(1, round(img.height * width / img.width))), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return base64.b64encode(buf.getvalue()).decode("ascii"), img.width, img.height


def collection_title(readme: Path = paths.ROOT / "README.md") -> tuple[str, str]:
    """(title, first paragraph) of the README, the collection's own words."""
    if not readme.is_file():
        return DEFAULT_TITLE, ""
    title, para, lines = DEFAULT_TITLE, [], readme.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("# "):
            title = _plain(line[2:])
            for rest in lines[i + 1:]:
                if rest.strip().startswith("#") or (not rest.strip() and para):
                    break
                if rest.strip():
                    para.append(rest.strip())
            break
    return title, _plain(" ".join(para))


def render_index(pages: Sequence[Page], findings: Sequence, title: str, intro: str) -> str:
    """The front page from ``templates/index.html.j2``."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False, undefined=jinja2.StrictUndefined)
    cards = []
    for p in pages:
        png = key_figure(p.nb)
        thumb, w, h = thumbnail(png) if png else ("", 0, 0)
        cards.append({"href": p.href, "number": p.number, "title": p.title, "lead": p.lead,
                      "thumbnail": thumb, "thumb_width": w, "thumb_height": h})
    footer = ("Every number on this page is computed from data/curated when the site is built. "
              "Salary data: aijobs.net salary survey (CC0); official wages: BLS OEWS, OECD. Pages work offline.")
    return env.get_template("index.html.j2").render(title=title, intro=intro, findings=findings, pages=cards, footer=footer)


# ---------------------------------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    """One headline number on the index page."""

    value: str
    text: str
    detail: str
    #: The number behind ``value`` and its 95% bootstrap interval (None when the data was missing).
    number: float | None = None
    interval: tuple[float, float] | None = None
    years: tuple[int, ...] = ()


#: A work year enters the headline figures when it holds at least this share of the busiest year's records
#: (drops the tiny early years and a partial latest year).
YEAR_SHARE = 0.10
N_BOOT = 1000


def headline_years(bins) -> tuple[int, ...]:
    """The work years the headline figures pool: those with at least ``YEAR_SHARE`` of the busiest year's records."""
    per_year = bins.groupby("work_year")["n"].sum()
    return tuple(int(y) for y in per_year.index if per_year[y] >= YEAR_SHARE * per_year.max())


def _median_ci(a, b=None) -> tuple[float, tuple[float, float]]:
    """Median of ``a`` (or the ratio of medians a / b) with the seeded 95% bootstrap interval of ``helpers.stats``."""
    from helpers import stats

    est = stats.bootstrap_quantile(a, 0.5, N_BOOT, seed=0) if b is None else stats.compare_quantiles(a, b, 0.5, "ratio", N_BOOT, seed=0)
    return float(est.value), (float(est.lo), float(est.hi))


def _ci(interval: tuple[float, float] | None, fmt: str) -> str:
    return f" (95% CI {fmt.format(interval[0])}–{fmt.format(interval[1])})" if interval else ""


def headline_findings(curated: Path = paths.CURATED) -> list[Finding]:
    """Three headline numbers computed from the curated tables: binned medians, the project's quantile convention,
    seeded bootstrap intervals, pooled over ``headline_years``. A group without data yields a finding that says so.
    """
    from helpers import data, factcheck, stats

    bins = data.salary_bins(curated)
    years = headline_years(bins)
    yb = bins[bins["work_year"].isin(years)]
    span = f"work years {years[0]}–{years[-1]}" if len(years) > 1 else f"work year {years[0]}"
    ml = yb[yb["role_family"] == "ml_engineering"]
    us, eu = ml[ml["region"] == "United States"], ml[ml["region"] == "Europe"]
    us_sr, eu_sr, us_jr = us[us["grade"] == "Senior"], eu[eu["grade"] == "Senior"], us[us["grade"] == "Junior"]
    n = {k: int(v["n"].sum()) for k, v in {"us_sr": us_sr, "eu_sr": eu_sr, "us_jr": us_jr}.items()}
    out = []

    if n["us_sr"] and n["eu_sr"]:
        # the same computation (and seeds) as the US-vs-Europe notebook, so the numbers agree to the digit
        row = stats.compare_table(ml, ["grade"], n_boot=N_BOOT, seed=0).set_index("grade").loc["Senior"]
        ratio, ci, m_us, m_eu = float(row["ratio"]), (float(row["lo"]), float(row["hi"])), row["value_a"], row["value_b"]
        out.append(Finding(f"{ratio:.2f}×", f"US vs Europe: a Senior ML engineer's median pay at a US company is this multiple "
                           f"of the European median{_ci(ci, '{:.2f}')}.",
                           f"US ${m_us:,.0f} (n = {n['us_sr']:,}) vs Europe ${m_eu:,.0f} (n = {n['eu_sr']:,}); "
                           f"nominal USD, {span}.", ratio, ci, years))
    else:
        out.append(Finding("n/a", "US vs Europe, Senior ML engineers: no data for one of the regions.", span, years=years))

    if n["us_jr"] and n["us_sr"]:
        ratio, ci = _median_ci(us_sr, us_jr)
        (m_sr, _), (m_jr, _) = _median_ci(us_sr), _median_ci(us_jr)
        out.append(Finding(f"{ratio:.2f}×", f"Junior to Senior in the US: the median Senior ML engineer earns this multiple of "
                           f"the median Junior{_ci(ci, '{:.2f}')}.",
                           f"Junior ${m_jr:,.0f} (n = {n['us_jr']:,}) to Senior ${m_sr:,.0f} (n = {n['us_sr']:,}); "
                           f"nominal USD, {span}.", ratio, ci, years))
    else:
        out.append(Finding("n/a", "Junior to Senior in the US: no data for one of the grades.", span, years=years))

    claims = data.load("claims", curated).set_index("claim_id")
    claimed = claims["value"].get("us_ml_avg_annual")
    # the fact check's own year, groups and seed (notebook 06), so the index and the notebook agree
    year, rows = factcheck.DEFAULT_YEAR, factcheck.us_ml(bins, factcheck.DEFAULT_YEAR)
    est = stats.bootstrap_quantile(rows, 0.5, factcheck.N_BOOT, seed=factcheck.SEED) if int(rows["n"].sum()) else None
    median, ci = (float(est.value), (float(est.lo), float(est.hi))) if est else (None, None)
    check = factcheck.check_us_ml_avg_annual(claimed, bins, year) if est and claimed == claimed else None
    extra = f"; survey mean ${check.estimate:,.0f}, fact-check verdict on the claim: {check.verdict}" if check else ""
    n_ml = int(rows["n"].sum())
    if median and claimed is not None and claimed == claimed:
        out.append(Finding(f"${median:,.0f}", f"US ML median pay (ML engineering and research, all grades){_ci(ci, '${:,.0f}')} "
                           f"against the article's ${claimed:,.0f}: {(median / claimed - 1) * 100:+.0f}%.",
                           f"n = {n_ml:,}, nominal USD, work year {year}; the article states an average{extra}.",
                           median, ci, (year,)))
    else:
        out.append(Finding("n/a", "US ML median against the article's figure: the figure or the data is missing.",
                           f"work year {year}", years=(year,)))
    return out


# ---------------------------------------------------------------------------------------------------- the build


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with two renames (the old site is removed only after the new one is in place)."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    tmp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


TIMINGS = ".timings.json"


def _timings(site: Path) -> dict[str, float]:
    """Seconds each notebook took in the previous build of ``site`` (empty when unknown)."""
    try:
        data = json.loads((site / TIMINGS).read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def build_site(out: Path = paths.SITE, notebooks: Path = paths.NOTEBOOKS, execute: bool = True, jobs: int | None = None,
               curated: Path = paths.CURATED, stream=None) -> list[Page]:
    """Build the site into ``out`` atomically and return its pages (in order).

    ``execute=False`` renders the stored outputs (fast; for tests). ``jobs`` notebooks run at a time
    (default: ``min(2, cpu count)``); each page is rendered as soon as its notebook has run, and the headline
    findings are computed meanwhile. Raises ``NotebookFailed`` (``out`` untouched) when a notebook fails.
    """
    stream = stream or sys.stdout
    out = Path(out).resolve()
    nbs = discover(notebooks)
    if not nbs:
        raise FileNotFoundError(f"no notebooks matching {NOTEBOOK_GLOB} in {notebooks}")
    jobs = jobs or min(2, os.cpu_count() or 1)
    t0 = time.perf_counter()
    stored = stored_pages(nbs)  # titles for the navigation links (markdown does not change when executed)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
    exporter = []  # created once, in the side thread that renders every page

    def write_page(i: int, page: Page) -> None:
        if not exporter:
            exporter.append(_exporter())
        prev, nxt = (stored[i - 1] if i else None), (stored[i + 1] if i + 1 < len(stored) else None)
        (tmp / page.href).write_text(render_page(page, prev, nxt, exporter[0]), encoding="utf-8")

    try:
        # one side thread computes the findings, then renders each page as its notebook finishes, while the
        # execution workers go on to the next kernels
        with ThreadPoolExecutor(max_workers=1) as side:
            findings = side.submit(headline_findings, curated)
            rendered = []
            if execute:
                print(f"executing {len(nbs)} notebooks, {jobs} at a time (fresh kernel each; the files are not rewritten)",
                      file=stream, flush=True)
                pages = execute_all(nbs, jobs=jobs, progress=Progress(len(nbs), stream), expected=_timings(out),
                                    on_done=lambda i, page: rendered.append(side.submit(write_page, i, page)))
                (tmp / TIMINGS).write_text(json.dumps({p.path.name: round(p.seconds, 2) for p in pages}, indent=1), encoding="utf-8")
            else:
                pages = stored
                rendered = [side.submit(write_page, i, page) for i, page in enumerate(pages)]
            for job in rendered:
                job.result()
            title, intro = collection_title()
            (tmp / "index.html").write_text(render_index(pages, findings.result(), title, intro), encoding="utf-8")
        tmp.chmod(0o755)
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    print(f"site: {out}/index.html ({len(pages)} notebook pages) in {time.perf_counter() - t0:.1f} s", file=stream, flush=True)
    return pages


def docs_sources(pages: Sequence[Page]) -> dict[str, tuple[str, bytes]]:
    """``{NAME: (notebook file name, png)}`` for the README figures.

    A cell tagged ``docs:NAME`` wins; otherwise each entry of ``DOCS_FIGURES`` takes the key figure of the first
    notebook whose file stem matches its pattern (names without a matching notebook are left out).
    """
    found: dict[str, tuple[str, bytes]] = {}
    for name, pattern in DOCS_FIGURES.items():
        page = next((p for p in pages if fnmatch.fnmatch(p.path.stem, pattern)), None)
        png = key_figure(page.nb) if page else None
        if png:
            found[name] = (page.path.name, png)
    for page in pages:
        for name, png in docs_figures(page.nb).items():
            found[name] = (page.path.name, png)
    return dict(sorted(found.items()))


def write_docs_figures(pages: Sequence[Page], docs: Path = paths.DOCS, max_width: int = DOCS_MAX_WIDTH) -> list[Path]:
    """Write the README figures (``docs_sources``) as ``docs/NAME.png``, scaled to at most ``max_width`` px wide."""
    from PIL import Image

    docs.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (_, png) in docs_sources(pages).items():
        img = Image.open(io.BytesIO(png)).convert("RGB")
        if img.width > max_width:
            img = img.resize((max_width, round(img.height * max_width / img.width)), Image.Resampling.LANCZOS)
        target = docs / f"{name}.png"
        img.save(target, format="PNG", optimize=True)
        written.append(target)
    return written
