"""Images for the site and the README: notebook PNGs scaled down for thumbnails and docs figures."""

from __future__ import annotations

import base64
import io


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
