"""The licence and attribution of data drawn from curated tables: provenance carried on each table, resolved to terms.

A table's provenance is the set of curated tables it was drawn from, kept in ``DataFrame.attrs[KEY]`` (a sorted
tuple of table names). :func:`helpers.data.load` sets it; pandas keeps ``attrs`` through filtering, ``assign``,
sorting, ``groupby(...).sum()`` and ``concat`` of frames with equal ``attrs``, but not through ``merge``, named
aggregations or a frame built from records: a helper that builds a table so calls :func:`carry` with its inputs.
A frame whose provenance is not known has none (:func:`tables_of` returns ``None``); nothing here guesses one.

:func:`terms` resolves a set of tables to the terms of data drawn from them, from the tables' definitions
(:mod:`helpers.tables`, the same sources and licences ``datapackage.json`` states): every source and licence, the
attributions, and the one licence the derived data is offered under, the most demanding of the sources' licences
(:data:`helpers.provenance.RESTRICTIVENESS`: ODbL share-alike as soon as any Stack Overflow table is among them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from helpers import provenance, tables

#: The ``attrs`` key of a table's provenance.
KEY = "provenance"


def tables_of(*frames: object) -> tuple[str, ...] | None:
    """The curated tables ``frames`` were drawn from, united; ``None`` when any has none recorded. A frame is a
    DataFrame or Series (its recorded provenance) or a curated table's name (data read from that table directly)."""
    found: set[str] = set()
    for f in frames:
        names = (f,) if isinstance(f, str) else getattr(f, "attrs", {}).get(KEY)
        if not names:
            return None
        found.update(names)
    return tuple(sorted(found))


def tag(frame, *names: str):
    """Add the curated tables ``names`` to ``frame``'s provenance (in place); returns ``frame``."""
    unknown = sorted(set(names) - set(tables.TABLES))
    if unknown:
        raise KeyError(f"not curated tables: {', '.join(unknown)}")
    frame.attrs[KEY] = tuple(sorted({*frame.attrs.get(KEY, ()), *names}))
    return frame


def carry(out, *inputs: object):
    """Give ``out`` the provenance of every input (a table, or a curated table's name) united (in place); returns
    ``out``. When any input's provenance is unknown, ``out``'s is removed: a table drawn partly from unknown data is
    unknown."""
    names = tables_of(*inputs)
    if names is None:
        out.attrs.pop(KEY, None)
        return out
    return tag(out, *names)


@dataclass(frozen=True)
class Terms:
    """What reusing data drawn from ``tables`` requires: the licence it is offered under, every source and attribution."""

    tables: tuple[str, ...]
    #: The licence of the derived data (``name``, ``title``, ``path``): the most demanding of the sources' licences.
    licence: dict
    #: Every licence of the sources (``name``, ``title``, ``path``), in :data:`helpers.provenance.PACKAGE_LICENSES` order.
    licences: tuple[dict, ...]
    #: Every source (``title``, ``path``, ``licenses``: the names of its own licences, else of its tables').
    sources: tuple[dict, ...]
    #: The attribution each source asks for (its title where it names none).
    attribution: tuple[str, ...]

    @property
    def share_alike(self) -> bool:
        """Derived data must stay under the same licence (ODbL, CC BY-SA)."""
        return self.licence["name"] in provenance.SHARE_ALIKE

    def label(self) -> str:
        """The licence in a few words: 'ODbL 1.0 (contents DbCL 1.0)', 'CC0 1.0'."""
        extra = [provenance.short_name(x["name"]) for x in self.licences if provenance.RESTRICTIVENESS.get(x["name"], 0) < 0]
        return provenance.short_name(self.licence["name"]) + (f" (contents {', '.join(extra)})" if extra and self.share_alike else "")

    def text(self) -> str:
        """One sentence for a link or a footer: the licence, share-alike if so, and the attributions (the sources,
        named as a courtesy, where the licence asks for none)."""
        rule = f" (share-alike: derived data stay under the {provenance.family(self.licence['name'])})" if self.share_alike else ""
        asked = provenance.RESTRICTIVENESS.get(self.licence["name"], 0) > 0
        return f"{self.label()}{rule}; {'attribution' if asked else 'source'}: {'; '.join(self.attribution)}"

    def as_dict(self) -> dict:
        """JSON-ready: tables, licence (with its short ``label``), licences, sources, attribution, share_alike."""
        return {"tables": list(self.tables), "license": {**self.licence, "label": self.label()},
                "licenses": [dict(x) for x in self.licences], "sources": [dict(s) for s in self.sources],
                "attribution": list(self.attribution), "share_alike": self.share_alike, "text": self.text()}


def terms(names: Iterable[str]) -> Terms:
    """The terms of data drawn from the curated tables ``names`` (at least one), from the tables' definitions."""
    names = tuple(sorted(set(names)))
    if not names:
        raise ValueError("no curated table given: the terms of data drawn from nothing are not defined")
    unknown = [n for n in names if n not in tables.TABLES]
    if unknown:
        raise KeyError(f"not curated tables: {', '.join(unknown)}")
    order = [x["name"] for x in provenance.PACKAGE_LICENSES]
    licences: dict[str, dict] = {}
    sources: dict[str, dict] = {}
    for n in sorted(names, key=list(tables.TABLES).index):  # sources in the tables' order: the surveys first
        t = tables.TABLES[n]
        for x in t.licenses:
            licences.setdefault(x["name"], {k: x[k] for k in ("name", "title", "path")})
        for s in t.sources:
            if s["path"] == provenance.PROJECT["path"]:
                continue  # the project's own reviewed tables: named by the table, no attribution asked
            entry = sources.setdefault(s["path"], {"title": s["title"], "path": s["path"], "licenses": []})
            own = provenance.SOURCE_LICENSES.get(s["path"], tuple(x["name"] for x in t.licenses))
            entry["licenses"] = sorted({*entry["licenses"], *own}, key=lambda k: order.index(k) if k in order else len(order))
    ranked = sorted(licences.values(), key=lambda x: order.index(x["name"]) if x["name"] in order else len(order))
    alike = [x["name"] for x in ranked if x["name"] in provenance.SHARE_ALIKE]
    if len(alike) > 1:
        raise ValueError(f"data drawn from {', '.join(names)} would have to stay under each of {' and '.join(alike)} "
                         "(share-alike licences): no one licence can be recorded for them; draw the figure from one "
                         "source's tables or show the sources apart")
    main = max(ranked, key=lambda x: provenance.RESTRICTIVENESS.get(x["name"], 0))  # first of the most demanding
    attribution = tuple(dict.fromkeys(provenance.ATTRIBUTIONS.get(s["path"], s["title"]) for s in sources.values()))
    return Terms(names, main, tuple(ranked), tuple(sources.values()),
                 attribution or ("ML engineer careers notebook collection (data/authored)",))

