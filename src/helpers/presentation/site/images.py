"""Images for the site and the README: notebook PNGs scaled down for thumbnails and docs figures."""

from __future__ import annotations

import base64
import io
import textwrap

#: Caption text height in pixels of a 2x notebook figure (13 CSS px at 1x), grey like the site's captions.
CAPTION_PX, CAPTION_COLOUR = 26, "#555555"


def shrink_png(png: bytes, max_width: int, palette: bool = False) -> tuple[bytes, int, int]:
    """(PNG bytes, width, height) of ``png`` scaled down (Lanczos) to at most ``max_width`` pixels wide, optimised;
    with ``palette`` reduced to 256 colours without dithering (a chart's flat colours survive; a third of the bytes)."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    if img.width > max_width:
        img = img.resize((max_width, max(1, round(img.height * max_width / img.width))), Image.Resampling.LANCZOS)
    if palette:
        img = img.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue(), img.width, img.height


def thumbnail(png: bytes, width: int) -> tuple[str, int, int]:
    """(base64 PNG, width, height) of ``png`` scaled down to at most ``width`` pixels wide, in 256 colours, for an
    ``<img>`` data URL on the front page."""
    small, w, h = shrink_png(png, width, palette=True)
    return base64.b64encode(small).decode("ascii"), w, h


def captioned(png: bytes, caption: str, size_px: float = CAPTION_PX) -> bytes:
    """``png`` with ``caption`` written under it in ``size_px`` high grey text, wrapped to the image's width: for a
    page that cannot show a figure's caption as text (the README). No caption: ``png`` unchanged."""
    if not caption.strip():
        return png
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    pad, dpi = round(size_px * 0.6), 100
    lines = textwrap.wrap(" ".join(caption.split()), width=max(20, int((img.width - 2 * pad) / (0.6 * size_px))))
    height = round(len(lines) * size_px * 1.35 + 2 * pad)
    fig = Figure(figsize=(img.width / dpi, height / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    fig.text(pad / img.width, 1 - pad / height, "\n".join(lines), ha="left", va="top", color=CAPTION_COLOUR,
             fontsize=size_px * 72 / dpi, family="DejaVu Sans", linespacing=1.35)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    strip = Image.open(buf).convert("RGB")
    out = Image.new("RGB", (img.width, img.height + strip.height), "white")
    out.paste(img, (0, 0))
    out.paste(strip.crop((0, 0, img.width, strip.height)), (0, img.height))
    result = io.BytesIO()
    out.save(result, format="PNG", optimize=True)
    return result.getvalue()
