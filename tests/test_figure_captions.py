"""Figure captions (source, n, notes) are text under the image, never pixels inside it.

``theme.show`` sends the caption as a Markdown output right after the figure; the PNG is the same whatever the
caption says; the site shows the caption under the image, then the figure's data link, and the front page's lead chart
carries its notebook's caption.
"""

from __future__ import annotations

import base64

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import nbformat
import pytest

from helpers import licensing
from helpers.presentation import theme
from helpers.presentation.site import notebooks, render
from tests import display


def _figure(cap: str):
    theme.use_theme()
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([1, 2], [3, 4])
    return theme.finish(fig, ax, "A finding", "x (unit)", "y (unit)", cap)


def _shown(fig, data=None) -> list[tuple[dict, dict]]:
    return display.captured(lambda: theme.show(fig, data=data))


def test_the_caption_is_not_in_the_picture() -> None:
    """Two figures that differ only by their caption give the same pixels."""
    a, _ = theme.png_bytes(_figure("Source: survey A, n = 12."))
    b, _ = theme.png_bytes(_figure("Source: a much longer caption that would wrap onto three lines in the picture, "
                                   "n = 1,234,567, with notes on what the marks mean and what was left out. " * 3))
    plt.close("all")
    assert a == b


def test_show_sends_the_caption_as_text_right_after_the_image() -> None:
    cap = "Source: aijobs.net (CC0), n = 1,234. Hollow: n<30, *never* joined; [brackets] and `ticks`."
    import pandas as pd

    outputs = _shown(_figure(cap), data=licensing.tag(pd.DataFrame({"n": [1]}), "salary_bins"))
    assert len(outputs) == 2
    (image, _), (caption, meta) = outputs
    assert "image/png" in image and base64.b64decode(image["image/png"])
    assert meta == {theme.CAPTION_OUTPUT: True}
    assert set(caption) == {"text/markdown", "text/plain"} and caption["text/plain"] == cap
    from nbconvert.filters import markdown2html

    html = markdown2html(caption["text/markdown"])
    assert "n&lt;30, *never* joined; [brackets] and `ticks`." in html and "<em>" not in html and "<code>" not in html


def test_a_figure_without_caption_sends_only_the_image() -> None:
    theme.use_theme()
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    assert len(_shown(fig)) == 1


def test_the_site_reads_the_caption_by_the_same_mark() -> None:
    assert notebooks.CAPTION_OUTPUT == theme.CAPTION_OUTPUT


def _notebook(with_caption: bool) -> nbformat.NotebookNode:
    outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"},
                                      metadata={"image/png": {"alt": "A finding"}, "report_download": {"href": "x.csv"}})]
    if with_caption:
        outputs.append(nbformat.v4.new_output("display_data", data={"text/markdown": "Source: S, n = 5.",
                                                                   "text/plain": "Source: S, n = 5."},
                                              metadata={theme.CAPTION_OUTPUT: True}))
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("show()", outputs=outputs)])


@pytest.mark.parametrize("with_caption", [True, False])
def test_the_data_link_goes_under_the_caption(with_caption: bool) -> None:
    nb = _notebook(with_caption)
    render.captions_follow_figures(nb)
    outputs = nb.cells[0].outputs
    holder = outputs[1] if with_caption else outputs[0]
    assert holder.metadata["report_download"] == {"href": "x.csv"}
    assert sum("report_download" in o.metadata for o in outputs) == 1
    assert notebooks.key_figure_caption(nb) == ("Source: S, n = 5." if with_caption else "")


def test_a_readme_figure_carries_its_caption_under_the_picture() -> None:
    """The README cannot show a caption output as text beside its figure: the docs figure has it written under it."""
    import io

    from PIL import Image

    from helpers.presentation.site import images

    png, _ = theme.png_bytes(_figure("Source: survey A, n = 12."))
    plt.close("all")
    assert images.captioned(png, "  ") == png
    out = Image.open(io.BytesIO(images.captioned(png, "Source: survey A, n = 12. " * 8))).convert("L")
    original = Image.open(io.BytesIO(png)).convert("L")
    assert out.width == original.width and out.height > original.height + 2 * images.CAPTION_PX
    assert out.crop((0, 0, *original.size)).tobytes() == original.tobytes()
    strip = out.crop((0, original.height, out.width, out.height))
    assert strip.getextrema()[0] < 128  # text was written
