"""Images for the site and the README: notebook PNGs scaled down for thumbnails and docs figures."""

from __future__ import annotations

import base64
import io


def shrink_png(png: bytes, max_width: int) -> tuple[bytes, int, int]:
    """(PNG bytes, width, height) of ``png`` scaled down (Lanczos) to at most ``max_width`` pixels wide, optimised."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    if img.width > max_width:
        img = img.resize((max_width, max(1, round(img.height * max_width / img.width))), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue(), img.width, img.height


def thumbnail(png: bytes, width: int) -> tuple[str, int, int]:
    """(base64 PNG, width, height) of ``png`` scaled down to at most ``width`` pixels wide, for an ``<img>`` data URL."""
    small, w, h = shrink_png(png, width)
    return base64.b64encode(small).decode("ascii"), w, h
