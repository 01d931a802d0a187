"""The explorer in JupyterLab (notebook 09): ipywidgets controls over the same precomputed answers as the explorer page.

:class:`Explorer` (grade, country or region, role family, money unit; a source control once two sources are curated)
and :class:`Profile` (the estimator's grid) read :func:`helpers.analysis.explorer.results`. Where widgets do not run
(the static site, nbval, a diff) their ``text/plain`` is a deterministic plain-text answer for the current
selection, so a stored notebook reads sensibly. :func:`selection_table`, :func:`figure_table`, :func:`finding` and
:func:`place_dots` give the static table and figure of one selection (each place in its region's colour, as on the
explorer page and in every figure of the collection).
"""

from __future__ import annotations

import html

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from helpers import licensing, study
from helpers.analysis import estimator, explorer
from helpers.presentation import table_format, theme, wording

DEFAULT_LEVEL = "Senior"
DEFAULT_PLACE = explorer.DEFAULT_PLACE


def _usd(v: float) -> str:
    return f"${v:,.0f}"


def _records(n: int) -> str:
    return f"{n:,} record" + ("" if n == 1 else "s")


def _src(res: dict, source: str) -> dict:
    return res["sources"][source]


def _label(items: list[dict], key: str) -> str:
    return next((i["label"] for i in items if i["id"] == key), key)


def _phrase(items: list[dict], key: str) -> str:
    """A place as a sentence names it: a region's ``phrase`` ("other regions"), else its label."""
    return next((i.get("phrase", i["label"]) for i in items if i["id"] == key), key)


#: Each region as the explorer names it in a sentence ("at companies in the US", "... in other regions").
REGION_PHRASES = {**wording.REGION_NAMES, **explorer.REGION_PHRASES}
#: What stands in for an interval resting on fewer than ``study.MIN_INTERVAL_N`` records.
TOO_FEW = "too few records for an interval"


def interval_text(cell: dict) -> str:
    """``"95% interval $a–$b"`` of a cell, or :data:`TOO_FEW` when it has fewer than ``study.MIN_INTERVAL_N`` records."""
    return f"95% interval {_usd(cell['lo'])}–{_usd(cell['hi'])}" if "lo" in cell else TOO_FEW


def ratio_text(vs: list[float]) -> str:
    """``"×1.61 this one (95% interval ×1.42–×1.72)"``, the interval left out when either side has too few records."""
    if len(vs) < 3:
        return f"×{vs[0]:.2f} this one ({TOO_FEW} on one side)"
    return f"×{vs[0]:.2f} this one (95% interval ×{vs[1]:.2f}–×{vs[2]:.2f})"


def describe(res: dict, place: str, level: str, family: str = study.ML_FAMILY, unit: str = "nominal",
             source: str = explorer.SOURCE) -> str:
    """The answer for one selection in plain text: median, 95% interval (or that there are too few records for one),
    n, small-sample note, the US beside it."""
    src = _src(res, source)
    c, us = explorer.answer(res, place, level, family, unit, source), explorer.answer(res, src["reference"], level, family, unit, source)
    head = (f"{_label(src['level']['values'], level)} · {_label(src['families'], family)} · {src.get('place_phrase', 'companies in')} "
            f"{_phrase(src['places'], place)} · {_label(src['units'], unit)} · {src['years_label']}")
    if "median" not in c:
        why = f"no PPP factor for its {_records(c['left_out'])}" if c.get("left_out") else "no survey records"
        return f"{head}\n  no answer: {why}."
    lines = [head, f"  median {_usd(c['median'])} ({interval_text(c)}), n = {c['n']:,}"]
    if c["small"]:
        lines.append(f"  fewer than {res['small_sample_n']} records: shown, not concluded from")
    if place != src["reference"] and "median" in us:
        thin = f" (thin: a side has fewer than {res['small_sample_n']} records)" if min(c["n"], us["n"]) < res["small_sample_n"] else ""
        ratio = f"; the US median is {ratio_text(c['vs_us'])}{thin}" if "vs_us" in c else ""
        lines.append(f"  {_label(src['places'], src['reference'])} (reference): {_usd(us['median'])}, n = {us['n']:,}{ratio}")
    return "\n".join(lines)


def selection_frame(res: dict, level: str = DEFAULT_LEVEL, family: str = study.ML_FAMILY, unit: str = "nominal",
                    min_n: int = study.SMALL_SAMPLE_N, source: str = explorer.SOURCE) -> pd.DataFrame:
    """Every place with at least ``min_n`` records for one selection: place, n, median, its interval (NaN under
    ``study.MIN_INTERVAL_N`` records), US ÷ this."""
    t = explorer.table(res, level, family, unit, source, min_n=min_n)
    return pd.DataFrame({"place": t["place"], "n": t["n"], "median": t["median"], "lo": t["lo"], "hi": t["hi"],
                         "us_ratio": t["us_ratio"], "small_sample": t["small"]})


#: Headers of :func:`selection_table` (units in brackets) and the format of each column.
TABLE_NAMES = {"place": "Company location", "n": "Records (n)", "median": "Median (USD/yr)", "lo": "95% CI low (USD/yr)",
               "hi": "95% CI high (USD/yr)", "us_ratio": "US median ÷ this (×)"}
TABLE_KINDS = {"place": table_format.TEXT, "n": table_format.COUNT, "median": table_format.MONEY, "lo": table_format.MONEY,
               "hi": table_format.MONEY, "us_ratio": table_format.RATIO}


def selection_table(res: dict, level: str = DEFAULT_LEVEL, family: str = study.ML_FAMILY, unit: str = "nominal",
                    min_n: int = study.SMALL_SAMPLE_N, source: str = explorer.SOURCE) -> table_format.Table:
    """:func:`selection_frame` through the collection's one table formatter (the US ratio of the US itself is a dash)."""
    frame = selection_frame(res, level, family, unit, min_n, source)
    return table_format.table(frame, TABLE_NAMES, TABLE_KINDS, notes=bool(frame["small_sample"].any()))


def figure_table(res: dict, level: str = DEFAULT_LEVEL, family: str = study.ML_FAMILY, unit: str = "nominal",
                 min_n: int = study.SMALL_SAMPLE_N, source: str = explorer.SOURCE) -> pd.DataFrame:
    """The same places as :func:`selection_frame` as numbers for a dot-and-interval plot: place, region, n, value, lo,
    hi, small_sample."""
    t = explorer.table(res, level, family, unit, source, min_n=min_n)
    out = pd.DataFrame({"place": t["place"], "region": t["region"], "n": t["n"], "value": t["median"], "lo": t["lo"],
                        "hi": t["hi"], "small_sample": t["small"]})
    return licensing.tag(out, *explorer.drawn_from(source, unit))


def place_dots(table: pd.DataFrame, *, title: str, xlabel: str, n_total: int, source: str = theme.SOURCE) -> Figure:
    """:func:`figure_table`'s places as dots with their 95% CI whiskers (first on top, n beside each name), each in its
    region's colour (:data:`helpers.presentation.theme.REGION_COLORS`; the legend names each region once, by the
    collection's name for it), hollow under ``study.SMALL_SAMPLE_N`` records; the axis from 0."""
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    ys = np.arange(len(table))[::-1]
    for y, (_, r) in zip(ys, table.iterrows(), strict=True):
        colour = theme.color_of(r["region"])
        theme.whisker(ax, r["value"], y, r["lo"], r["hi"], colour, horizontal=True)
        theme.dot(ax, r["value"], y, colour, bool(r["small_sample"]), size=8)
    ax.set_yticks(ys, [f"{r['place']} (n = {r['n']:,})" for _, r in table.iterrows()])
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.set_xlim(0, float(table[["hi", "value"]].max().max()) * 1.1)
    ax.xaxis.set_major_formatter(FuncFormatter(theme.usd))
    ax.grid(axis="y", visible=False)
    regions = [r for r in theme.REGION_COLORS if r in set(table["region"])]
    handles = [theme.key_dot(explorer.REGION_LABELS.get(r, r), theme.REGION_COLORS[r]) for r in regions]
    handles += [theme.key_whisker(), *([theme.key_small()] if table["small_sample"].any() else [])]
    cap = (f"{source}, n = {n_total:,}. Dot: median, in the colour of the place's region; whisker: its 95% bootstrap CI."
           + (f" Hollow: {theme.SMALL_LABEL}, shown but not concluded from." if table["small_sample"].any() else ""))
    return theme.finish(fig, ax, title, xlabel, "Company location", cap, handles)


def records(res: dict, level: str = DEFAULT_LEVEL, family: str = study.ML_FAMILY, unit: str = "nominal",
            source: str = explorer.SOURCE) -> int:
    """Distinct records behind one selection: the reference country and the other regions (each record once)."""
    src = _src(res, source)
    ids = [p["id"] for p in src["places"] if p["id"] == src["reference"] or p["kind"] == "region"]
    return sum(explorer.answer(res, i, level, family, unit, source)["n"] for i in ids)


def finding(res: dict, level: str = DEFAULT_LEVEL, family: str = study.ML_FAMILY, unit: str = "nominal",
            min_n: int = study.SMALL_SAMPLE_N, source: str = explorer.SOURCE) -> str:
    """The finding of :func:`figure_table`'s selection, as a figure title: where the places stand against the US, by
    the US/place ratio's interval (below = the interval lies above ×1), with the two ends each with its interval."""
    t = explorer.table(res, level, family, unit, source, min_n=min_n).dropna(subset=["us_ratio"])
    who = f"{_label(_src(res, source)['level']['values'], level)}, {_label(_src(res, source)['families'], family)}"
    if t.empty:
        return f"{who}: no place besides the US has {min_n}+ records"
    below = (t["us_ratio_lo"] > 1).all()
    low, high = t.loc[t["us_ratio"].idxmin()], t.loc[t["us_ratio"].idxmax()]

    def end(r: pd.Series) -> str:
        return f"×{r['us_ratio']:.2f} [{r['us_ratio_lo']:.2f}–{r['us_ratio_hi']:.2f}] ({r['place'].split(' (')[0]})"

    return (f"{who}: {'every' if below else 'not every'} place with {min_n}+ records is clearly below the US median "
            f"(the US median is from {end(low)} to {end(high)} theirs)")


def about(res: dict, source: str = explorer.SOURCE) -> Markdown:
    """What the precomputed answers cover, in one paragraph."""
    src = _src(res, source)
    cells = sum(1 for f in src["cells"].values() for u in f.values() for lv in u.values() for c in lv.values() if "median" in c)
    prof = res["profiles"]
    from helpers.presentation import wording

    return wording.markdown(
        f"The answers cover {len(src['places']):,} places (the US, {len(src['places']) - 3} other countries and the regions) × "
        f"{len(src['level']['values'])} grades × {len(src['families'])} role families × {len(src['units'])} money units: "
        f"{cells:,} medians with data, from {src['years_label']} pooled, each with a 95% bootstrap interval "
        f"from {res['min_interval_n']} records up ({res['n_boot']:,} replicates; the same number and interval as on every "
        f"other page). The estimator's grid holds "
        f"{len(prof['grades'])} grades × {len(prof['countries'])} company countries × {len(prof['families'])} role families.")


class _TextFallback:
    """A widget whose ``text/plain`` (shown where widgets do not run) is :meth:`text`, whole and deterministic."""

    def text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        bundle["text/plain"] = self.text()
        return bundle


def _dropdown(label: str, items: list[dict], value: str) -> w.Dropdown:
    ids = [i["id"] for i in items]
    return w.Dropdown(options=[(i["label"], i["id"]) for i in items], value=value if value in ids else ids[0], description=label,
                      style={"description_width": "initial"}, layout=w.Layout(width="auto"))


class Explorer(_TextFallback, w.VBox):
    """Pick a grade, a place, a role family and the money unit; see the median, its interval, n and the US beside it."""

    def __init__(self, res: dict, level: str = DEFAULT_LEVEL, place: str = DEFAULT_PLACE, family: str = study.ML_FAMILY,
                 unit: str = "nominal", source: str = explorer.SOURCE) -> None:
        self.res = res
        src = _src(res, source)
        place = place if place in [p["id"] for p in src["places"]] else src["defaults"]["place"]
        family = family if family in [f["id"] for f in src["families"]] else src["defaults"]["family"]
        unit = unit if unit in [u["id"] for u in src["units"]] else src["defaults"]["unit"]
        if level not in [v["id"] for v in src["level"]["values"]]:  # the populated comparison for the place
            level = explorer.best_level(src, place, family, unit)
        self.source = _dropdown("Source", [{"id": k, "label": v["title"]} for k, v in res["sources"].items()], source)
        self.level = _dropdown(src["level"]["label"], src["level"]["values"], level)
        self.place = _dropdown("Country or region", src["places"], place)
        self.family = _dropdown("Role family", src["families"], family)
        self.unit = w.ToggleButtons(options=[("Nominal USD" if u["id"] == "nominal" else "PPP USD", u["id"]) for u in src["units"]],
                                    value=unit)
        self.answer, self.grades = w.HTML(), w.HTML()
        controls = [self.level, self.place, self.family, self.unit]
        if len(res["sources"]) > 1:
            controls.insert(0, self.source)
        super().__init__([w.HBox(controls[:2]), w.HBox(controls[2:]), self.answer, self.grades])
        self._switching = False
        self.source.observe(lambda change: self.use_source(change["new"]), names="value")
        for control in controls:
            control.observe(lambda _change: None if self._switching else self.update(), names="value")
        self.update()

    def use_source(self, source: str) -> None:
        """Offer the choices of ``source`` (its own levels, places, families and units), keeping those it shares."""
        src = _src(self.res, source)
        self._switching = True
        try:
            d = src["defaults"]
            for control, items, label, key in ((self.place, src["places"], src.get("place_label", "Country or region"), "place"),
                                               (self.family, src["families"], "Role family", "family")):
                keep = control.value
                control.options = [(i["label"], i["id"]) for i in items]
                control.value = keep if keep in [i["id"] for i in items] else d[key]
                control.description = label
            keep = self.unit.value
            self.unit.options = [("Nominal USD" if u["id"] == "nominal" else "PPP USD", u["id"]) for u in src["units"]]
            self.unit.value = keep if keep in [u["id"] for u in src["units"]] else d["unit"]
            keep = self.level.value  # a level this source lacks: the populated comparison for the place
            self.level.options = [(i["label"], i["id"]) for i in src["level"]["values"]]
            self.level.value = (keep if keep in [i["id"] for i in src["level"]["values"]]
                                else explorer.best_level(src, self.place.value, self.family.value, self.unit.value))
            self.level.description = src["level"]["label"]
        finally:
            self._switching = False
        self.update()

    def selection(self) -> dict[str, str]:
        return {"place": self.place.value, "level": self.level.value, "family": self.family.value, "unit": self.unit.value,
                "source": self.source.value}

    def text(self) -> str:
        return "Explorer (interactive in JupyterLab); the current selection:\n" + describe(self.res, **self.selection())

    def update(self) -> None:
        s = self.selection()
        src = _src(self.res, s["source"])
        c = explorer.answer(self.res, **s)
        colour = "#999" if c.get("small", False) else "#0b5394"
        body = html.escape(describe(self.res, **s)).split("\n")
        self.answer.value = (f"<div style='color:{colour}'><b>{body[0]}</b><br>" + "<br>".join(body[1:]) + "</div>")
        rows = []
        for lv in src["level"]["values"]:
            x = explorer.answer(self.res, s["place"], lv["id"], s["family"], s["unit"], s["source"])
            grey = " style='color:#999'" if x.get("small") else ""
            bounds = f"{_usd(x['lo'])}–{_usd(x['hi'])}" if "lo" in x else TOO_FEW
            value = (f"{_usd(x['median'])} ({bounds})" if "median" in x
                     else f"no PPP factor for its {_records(x['left_out'])}" if x.get("left_out") else "no records")
            rows.append(f"<tr{grey}><td>{html.escape(lv['label'])}</td><td>{value}</td><td>{x['n']:,}</td></tr>")
        self.grades.value = ("<table><tr><th>Grade</th><th>Median (95% interval)</th><th>n</th></tr>" + "".join(rows) + "</table>")


def profile_lines(res: dict, grade: str, country: str, family: str = study.ML_FAMILY,
                  heading: str = "Salary estimator") -> list[str]:
    """The estimator's answer for one profile in plain text: the heading, then the figure with its n (or "no
    answer"), the reason for its status, and the held-out coverage of the ranges the estimator gives (with its 95%
    interval), then of answers of this status and of every record in the profile's region (each stated only when
    measured on enough distinct profiles)."""
    p = res["profiles"]
    a = explorer.profile(res, grade, country, family)
    head = f"{heading}: {grade} · {_label(p['countries'], country)} · {_label(p['families'], family)}"
    why = estimator.reason(a["status"], a["n_similar"])
    if a["status"] == estimator.DECLINED:
        return [head, "no answer: the estimator declines this profile.", why]
    cov = p["coverage"]
    region = next((c["region"] for c in p["countries"] if c["id"] == country), "")
    widened = ", widened" if a["status"] == estimator.THIN else ""
    which = (f"answers with {p['rule']['thin_n']}+ similar records" if a["status"] == estimator.OK
             else f"thin answers alone (widened ×{p['rule']['widen']:.2f})")
    return [head, f"expected median {_usd(a['median'])}, {wording.RANGE} {_usd(a['low'])}–{_usd(a['high'])}{widened} "
                  f"({p['unit']} per year); n = {a['n_similar']:,} similar records", why,
            f"measured coverage on held-out {cov['test_year']} of the ranges given (ok and thin answers): "
            f"{wording.coverage_phrase(cov['answered']['all'])}; {which}: {wording.coverage_phrase(a['coverage'])}"
            + (f"; every record at companies in {REGION_PHRASES.get(region, region)} (the calibrated range, before the "
               f"rule): {wording.coverage_phrase(cov['every_record'][region])}" if region in cov["every_record"] else "")]


def profile_text(res: dict, grade: str, country: str, family: str = study.ML_FAMILY,
                 heading: str = "Salary estimator") -> str:
    """:func:`profile_lines` as one block of text (the lines after the heading indented)."""
    head, *rest = profile_lines(res, grade, country, family, heading)
    return "\n".join([head, *("  " + line for line in rest)])


class Profile(_TextFallback, w.VBox):
    """The salary estimator's answer for a grade, company country and role family: the n behind it, its status under
    the thin-profile rule (thin answers widened and greyed, declined ones without a number, each with the reason) and
    the coverage measured for answers of that status (:func:`profile_lines`)."""

    def __init__(self, res: dict, grade: str = DEFAULT_LEVEL, country: str = study.REFERENCE_COUNTRY,
                 family: str = study.ML_FAMILY) -> None:
        self.res = res
        p = res["profiles"]
        self.grade = _dropdown("Grade", p["grades"], grade)
        self.country = _dropdown("Company country", p["countries"], country)
        self.family = _dropdown("Role family", p["families"], family)
        self.answer = w.HTML()
        super().__init__([w.HBox([self.grade, self.country, self.family]), self.answer])
        for control in (self.grade, self.country, self.family):
            control.observe(lambda _change: self.update(), names="value")
        self.update()

    def text(self) -> str:
        return profile_text(self.res, self.grade.value, self.country.value, self.family.value,
                            "Salary estimator (interactive in JupyterLab)")

    def update(self) -> None:
        status = explorer.profile(self.res, self.grade.value, self.country.value, self.family.value)["status"]
        _, first, *rest = (html.escape(line) for line in profile_lines(self.res, self.grade.value, self.country.value,
                                                                         self.family.value))
        colour = {estimator.OK: "#222", estimator.THIN: "#999", estimator.DECLINED: "#7a4b00"}[status]
        self.answer.value = f"<div style='color:{colour}'><b>{first}</b><br>" + "<br>".join(rest) + "</div>"


def answer(res: dict | None = None, level: str = DEFAULT_LEVEL, place: str = DEFAULT_PLACE) -> Markdown:
    """Notebook 09's Answer box, computed from the explorer's results (:func:`helpers.analysis.explorer.results` when
    ``res`` is None): the default selection beside the US, where the places with enough records stand, and the
    estimator's answer for the same grade at a US company with the held-out coverage of its ranges."""
    res = res or explorer.results()
    src = _src(res, explorer.SOURCE)
    c, us = explorer.answer(res, place, level), explorer.answer(res, src["reference"], level)
    vs = c["vs_us"]
    a = explorer.profile(res, level, src["reference"])
    cov = res["profiles"]["coverage"]
    return wording.answer([
        f"{level} ML engineers at companies in {_label(src['places'], place)} earn a median of {_usd(c['median'])} a year "
        f"({interval_text(c)}, n = {c['n']:,}); at US companies {_usd(us['median'])} (n = {us['n']:,}): the US median is "
        f"×{vs[0]:.2f} theirs ({f'95% interval {vs[1]:.2f}–{vs[2]:.2f}' if len(vs) > 2 else TOO_FEW}); {src['years_label']}.",
        finding(res, level) + ".",
        f"The salary estimator expects {_usd(a['median'])} for a {level} ML engineer at a US company ({wording.RANGE} "
        f"{_usd(a['low'])}–{_usd(a['high'])}, {res['profiles']['unit']}; n = {a['n_similar']:,} similar records); the ranges "
        f"it gives held {wording.coverage_phrase(cov['answered']['all'])} of pay in held-out {cov['test_year']}.",
    ])
