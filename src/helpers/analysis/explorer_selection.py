"""Which selection of the explorer to show: a populated comparison, for the page and notebook 09 alike.

A source's block of :mod:`helpers.analysis.explorer` (its levels, places, families, units and cells) opens on
:func:`default`; when a reader changes the source or the place and the level in hand does not fit, :func:`best_level`
picks one. The page's script (``templates/static/explorer.js``, ``bestLevel``) applies the same rule.
"""

from __future__ import annotations

from helpers import study


def _sizes(block: dict, level: str, place: str, family: str, unit: str) -> tuple[int, int]:
    """Records at ``place`` and at the reference for one level (the place's own twice when it is the reference)."""
    cells = block["cells"][family][unit][level]
    here = cells.get(place, {}).get("n", 0)
    return here, (here if place == block["reference"] else cells.get(block["reference"], {}).get("n", 0))


def best_level(block: dict, place: str, family: str, unit: str) -> str:
    """The level (grade or band) of one source's ``block`` to show for ``place``: among the levels where the place and
    the reference both have ``study.SMALL_SAMPLE_N`` records or more, the one with the most records at the place
    (the first of equals); when no level has that, the one whose thinner side is largest."""
    levels = [v["id"] for v in block["level"]["values"]]
    sizes = {lv: _sizes(block, lv, place, family, unit) for lv in levels}
    both = [lv for lv in levels if min(sizes[lv]) >= study.SMALL_SAMPLE_N]
    if both:
        return max(both, key=lambda lv: sizes[lv][0])
    return max(levels, key=lambda lv: (min(sizes[lv]), sizes[lv][0]))


def default(block: dict, place: str) -> dict[str, str]:
    """The selection one source's ``block`` opens on: its first family and unit, ``place`` (the reference where the
    source has no such place) and :func:`best_level` for it."""
    family, unit = block["families"][0]["id"], block["units"][0]["id"]
    place = place if any(p["id"] == place for p in block["places"]) else block["reference"]
    return {"family": family, "unit": unit, "place": place, "level": best_level(block, place, family, unit)}
