"""theme.png_bytes gives the bytes the IPython 'retina' path gave (PNG written by print_figure, decoded, quantised)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from helpers.presentation import theme


def _retina_png(fig) -> tuple[bytes, dict[str, int]]:
    """The former implementation: IPython's retina_figure, then the PNG decoded and quantised."""
    from IPython.core.pylabtools import retina_figure

    png, size = retina_figure(fig)
    img = Image.open(io.BytesIO(png)).convert("RGB").quantize(theme.PNG_COLOURS, method=Image.Quantize.MEDIANCUT,
                                                              dither=Image.Dither.NONE)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue(), size


def _figures():
    fig, ax = plt.subplots()
    x = np.linspace(1, 10, 60)
    ax.plot(x, np.sin(x), color=theme.REGION_COLORS["United States"])
    ax.fill_between(x, np.sin(x) - 0.3, np.sin(x) + 0.3, alpha=theme.BAND_ALPHA)
    theme.whisker(ax, 5, 0.2, -0.1, 0.6, theme.INK)
    theme.dot(ax, 6, 0.4, theme.REGION_COLORS["Europe"], small=True)
    yield theme.finish(fig, ax, "A finding stated as the title, long enough to wrap onto a second line of text " * 2,
                       "x (USD per year, 2024)", "share", "Source: test, n = 60.", [theme.key_small(), theme.key_box()])
    fig, axes = plt.subplots(1, 2, sharey=True, figsize=(6, 3))
    for ax, hatch in zip(axes, ("///", None), strict=True):
        ax.bar([1, 2, 3], [3, 1, 2], hatch=hatch, color=theme.FAINT, edgecolor=theme.MUTED)
        ax.set_xscale("log")
    yield theme.layout(fig, "Two panels", "Source: test, n = 6.")


@pytest.mark.parametrize("index", [0, 1])
def test_png_bytes_equal_the_retina_path(index: int) -> None:
    with matplotlib.rc_context():
        theme.use_theme()
        fig = list(_figures())[index]
        ours, theirs = theme.png_bytes(fig), _retina_png(fig)
        plt.close("all")
    assert ours[1] == theirs[1] and ours[1]["width"] > 100
    assert ours[0] == theirs[0]
