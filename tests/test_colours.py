"""One colour per meaning, in the figures and on the explorer page.

Places (the US, Europe, the other regions) and sources (aijobs.net, Stack Overflow, official statistics) never share a
colour, nor look alike, also for readers with red-green colour blindness (simulated with Machado et al.'s 2009
matrices, CIE76 distance in Lab); "selected" is neither a place's nor a source's colour. The explorer page is
rendered as the site builds it and its styles read back (with ``static/explorer.js``): a place's or source's colour
only on styles named for it (a class such as ``region-us``), the US and Europe in their own colours, and the rules
for the selected mark in none of them.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest

from helpers.presentation import theme

TEMPLATES = Path(theme.__file__).parent / "site" / "templates"
PLACES = {f"place {k}": v for k, v in theme.REGION_COLORS.items()}
SOURCES = {f"source {k}": v for k, v in theme.SOURCE_COLORS.items()}
#: Distances (CIE76 ΔE) below which two colours read as one: in full colour, and under simulated colour blindness.
MIN_DELTA_E, MIN_DELTA_E_CVD = 25.0, 12.0
#: Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
CVD = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
}
HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def _linear(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    c = np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str | None = None) -> float:
    """CIE76 distance between two hex colours, as seen with normal vision or the named colour blindness."""
    la, lb = _linear(a), _linear(b)
    if vision:
        la, lb = (np.clip(CVD[vision] @ c, 0, 1) for c in (la, lb))
    return float(np.linalg.norm(_lab(la) - _lab(lb)))


def norm(colour: str) -> str:
    h = colour.strip().lower().lstrip("#")
    return "#" + ("".join(c * 2 for c in h) if len(h) == 3 else h)


def test_delta_e_is_measured_not_assumed() -> None:
    assert delta_e("#000000", "#ffffff") == pytest.approx(100, abs=0.1)
    assert delta_e("#ff0000", "#00ff00") > 100
    # red and green, far apart in full colour, fall together for a deuteranope
    assert delta_e("#d62728", "#2ca02c", "deuteranopia") < delta_e("#d62728", "#2ca02c") / 3


def test_one_colour_per_meaning() -> None:
    colours = [norm(c) for c in theme.COLOURS.values()]
    assert len(colours) == len(set(colours)), "two meanings share a colour"
    assert theme.color_of("aijobs.net") == theme.SOURCE_COLORS["aijobs.net"]
    assert theme.color_of("Stack Overflow 2024") == theme.SOURCE_COLORS["Stack Overflow 2024"]
    assert theme.color_of("United States") == theme.REGION_COLORS["United States"]


@pytest.mark.parametrize("vision", [None, *CVD])
def test_places_and_sources_never_look_alike(vision: str | None) -> None:
    named = {**PLACES, **SOURCES}
    floor = MIN_DELTA_E if vision is None else MIN_DELTA_E_CVD
    close = [(a, b, round(delta_e(named[a], named[b], vision), 1)) for a, b in itertools.combinations(named, 2)
             if delta_e(named[a], named[b], vision) < floor]
    assert not close, f"colours that read as one ({vision or 'full colour'}): {close}"


@pytest.mark.parametrize("vision", [None, *CVD])
def test_compared_groups_never_look_alike(vision: str | None) -> None:
    """Groups without a colour of their own (on-site, hybrid, remote) take ``theme.GROUP_COLORS`` in order: any two
    of them are apart, also for colour-blind readers."""
    floor = MIN_DELTA_E if vision is None else MIN_DELTA_E_CVD
    close = [(a, b, round(delta_e(a, b, vision), 1)) for a, b in itertools.combinations(theme.GROUP_COLORS, 2)
             if delta_e(a, b, vision) < floor]
    assert not close, f"compared groups' colours that read as one ({vision or 'full colour'}): {close}"
    assert theme.GROUP_COLORS[:2] == theme.PAIR_COLORS


def test_selected_is_no_place_or_source_colour() -> None:
    taken = {norm(c) for c in (*PLACES.values(), *SOURCES.values())}
    assert norm(theme.SELECTED) not in taken
    assert min(delta_e(theme.SELECTED, c) for c in taken) >= MIN_DELTA_E


# ---------------------------------------------------------------- the explorer's styles

#: Words a CSS selector or custom property uses for each meaning (a class such as ``region-us``, ``--colour-europe``).
NAMES = {"place United States": ("us", "united-states"), "place Europe": ("europe",), "place Other": ("other",),
         "source aijobs.net": ("aijobs",), "source Stack Overflow 2024": ("stack-overflow", "stackoverflow", "so-survey", "so"),
         "source official statistics": ("official",)}


@pytest.fixture(scope="module")
def explorer_page() -> str:
    """The explorer page as the site renders it (its styles filled from the theme at build time)."""
    from helpers.analysis import explorer
    from helpers.presentation.site.explorer_page import render_explorer

    return render_explorer(explorer.results(), [], "Colours", "")


def _css(page: str) -> str:
    return "\n".join(re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.S))


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, {property: value}) of every rule of ``css`` (at-rules' bodies flattened, comments dropped)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@[^{]+\{((?:[^{}]*\{[^{}]*\})*)\s*\}", r"\1", css)
    rules = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        decls = dict((k.strip(), v.strip()) for k, v in (d.split(":", 1) for d in body.split(";") if ":" in d))
        rules.append((" ".join(selector.split()), decls))
    return rules


def _colours_of(value: str, custom: dict[str, str]) -> set[str]:
    """The hex colours a CSS value paints with, custom properties (``var(--x)``) resolved."""
    resolved = re.sub(r"var\(\s*(--[\w-]+)\s*(?:,[^)]*)?\)", lambda m: custom.get(m.group(1), ""), value)
    return {norm(c) for c in HEX.findall(resolved)}


def _names(text: str, meaning: str) -> bool:
    words = set(re.split(r"[^a-z0-9]+", text.lower())) | {w for w in re.findall(r"[a-z0-9-]+", text.lower())}
    return any(n in words or any(w.endswith("-" + n) or w.startswith(n + "-") for w in words) for n in NAMES[meaning])


def _grey(colour: str) -> bool:
    return len({norm(colour)[1:][i:i + 2] for i in (0, 2, 4)}) == 1


def _painted(page: str) -> list[tuple[str, str, str]]:
    """(selector, property, colour) for every colour the page's styles paint with, custom properties resolved (a
    custom property's own declaration counts with its name as the property)."""
    rules = _rules(_css(page))
    custom = {k: v for _, decls in rules for k, v in decls.items() if k.startswith("--")}
    return [(sel, prop, c) for sel, decls in rules for prop, value in decls.items() for c in _colours_of(value, custom)]


def test_explorer_paints_a_place_or_source_colour_only_for_that_place_or_source(explorer_page) -> None:
    # the other regions' grey is also every page's muted grey (thin groups, notes): only hues are checked here
    meaning = {norm(v): k for k, v in {**PLACES, **SOURCES}.items() if not _grey(v)}
    stray = [f"{sel} {{ {prop} }} paints {meaning[c]}'s colour" for sel, prop, c in _painted(explorer_page)
             if c in meaning and not _names(f"{sel} {prop}", meaning[c])]
    js = (TEMPLATES / "static" / "explorer.js").read_text(encoding="utf-8")
    stray += [f"explorer.js uses {meaning[norm(h)]}'s colour {h}" for h in HEX.findall(js) if norm(h) in meaning]
    assert not stray, "\n".join(stray)


def test_explorer_draws_the_us_and_europe_in_their_colours(explorer_page) -> None:
    painted = _painted(explorer_page)
    for place in ("place United States", "place Europe"):
        own = {c for sel, prop, c in painted if _names(f"{sel} {prop}", place)}
        assert own, f"no style of the explorer colours {place}"
        assert own == {norm(PLACES[place])}, f"{place} painted {own}, not its colour {PLACES[place]}"


def test_explorer_selected_mark_is_no_place_or_source_colour(explorer_page) -> None:
    taken = {norm(c): k for k, c in {**PLACES, **SOURCES}.items()}
    selected = [(sel, prop, c) for sel, prop, c in _painted(explorer_page) if "selected" in sel]
    assert any("selected" in sel for sel, _ in _rules(_css(explorer_page))), "the explorer styles a selected mark"
    clash = [f"{sel} {{ {prop} }} is {taken[c]}'s colour" for sel, prop, c in selected if c in taken]
    assert not clash, "\n".join(clash)
