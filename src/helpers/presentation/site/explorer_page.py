"""The explorer page: the precomputed answers of :mod:`helpers.analysis.explorer` embedded in one offline HTML page.

The page (``templates/explorer.html.j2`` with ``templates/static/explorer.js``, plain JavaScript) reads the answers
from a ``<script type="application/json">`` element: a ``file://`` page may not fetch a file beside it, but it may read
its own text. The same JSON is written as ``downloads/explorer.json`` for readers who want the numbers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from helpers import licensing
from helpers.analysis import explorer
from helpers.presentation import theme
from helpers.presentation.site.notebooks import Page
from helpers.presentation.site.render import data_statement, jinja_env

EXPLORER = "explorer.html"
JSON_DOWNLOAD = "downloads/explorer.json"
#: Notebooks the page links to, by number: the comparisons, the estimator, the explorer in JupyterLab.
LINKED = {"comparison": "02", "estimator": "08", "explorer": "09"}
#: The CSS class of each region's places (the page's script gives each place its region's class).
REGION_CLASSES = {"United States": "region-us", "Europe": "region-europe", "Other": "region-other"}


def data_json(results: dict) -> str:
    """``results`` as compact JSON safe inside a ``<script>`` element (no ``</`` can end it early)."""
    return json.dumps(results, ensure_ascii=False, separators=(",", ":"), sort_keys=False).replace("</", "<\\/")


def data_terms(results: dict) -> licensing.Terms:
    """The terms of every answer in ``results``: each source's tables in each of its units, and the estimator's."""
    return licensing.terms(explorer.tables_of(results))


def render_explorer(results: dict, pages: Sequence[Page], title: str, footer: str) -> str:
    """The explorer page for ``results`` (:func:`helpers.analysis.explorer.results`); ``footer`` is followed by the
    licences of the data it shows (:func:`data_terms`)."""
    footer = f"{footer} {data_statement(data_terms(results))}"
    hrefs = {p.number: p.href for p in pages}
    source = next(iter(results["sources"].values()))
    return jinja_env().get_template("explorer.html.j2").render(
        title=title, footer=footer, data_json=data_json(results), years_label=source["years_label"],
        n_boot=f"{results['n_boot']:,}", small=results["small_sample_n"],
        min_interval=results["min_interval_n"], sources=list(results["sources"].values()),
        region_colours=[(cls, theme.REGION_COLORS[r]) for r, cls in REGION_CLASSES.items()],
        region_keys=[(cls, theme.REGION_COLORS[r], explorer.REGION_LABELS.get(r, r)) for r, cls in REGION_CLASSES.items()],
        links={k: hrefs.get(v, "index.html") for k, v in LINKED.items()})
