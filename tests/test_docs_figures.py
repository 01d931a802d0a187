"""The README's figures in docs/ are what the notebooks currently show (regenerate with `make docs`)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from helpers import paths
from helpers.presentation.site import notebooks, readme


@pytest.fixture(scope="module")
def sources() -> dict[str, tuple[str, bytes]]:
    pages = notebooks.stored_pages(notebooks.discover(paths.NOTEBOOKS))
    if not pages:
        pytest.skip("no notebooks yet")
    return readme.docs_sources(pages)


def test_docs_holds_exactly_the_current_figures(sources: dict[str, tuple[str, bytes]]) -> None:
    committed = sorted(p.stem for p in paths.DOCS.glob("*.png"))
    assert sources, "no notebook provides a README figure (DOCS_FIGURES pattern or a docs:NAME cell tag)"
    assert committed == sorted(sources), "docs/ is out of date: run `make docs`"


def _rgb(data: bytes | Path) -> Image.Image:
    img = Image.open(io.BytesIO(data) if isinstance(data, bytes) else data).convert("RGB")
    return img


@pytest.mark.parametrize("name", sorted(p.stem for p in paths.DOCS.glob("*.png")))
def test_docs_figure_matches_the_notebook_output(name: str, sources: dict[str, tuple[str, bytes]]) -> None:
    """Same picture within tolerance: the notebook's PNG scaled to the committed size, compared pixel by pixel."""
    assert name in sources, f"docs/{name}.png has no source figure any more: run `make docs`"
    notebook, png = sources[name]
    docs_img = _rgb(paths.DOCS / f"{name}.png")
    nb_img = _rgb(png)
    w, h = docs_img.size
    assert w <= nb_img.width and abs(h / w - nb_img.height / nb_img.width) < 0.01, f"{name}: shape differs from {notebook}'s figure"
    a = np.asarray(nb_img.resize((w, h), Image.Resampling.BILINEAR), dtype=np.int16)
    b = np.asarray(docs_img, dtype=np.int16)
    diff = np.abs(a - b).max(axis=2)
    assert diff.mean() < 4, f"docs/{name}.png differs from {notebook}'s figure (mean {diff.mean():.1f}): run `make docs`"
    assert (diff > 64).mean() < 0.01, f"docs/{name}.png differs from {notebook}'s figure in places: run `make docs`"
