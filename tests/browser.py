"""Headless Chromium for the browser tests: Debian's binary (never a downloaded one), its arguments, the readiness
limit, and the isolated context each test module opens on the one browser process its test process shares.

A browser process costs about 1.6 s of CPU to start (Playwright's driver and Chromium); the session fixture
``chromium`` (tests/conftest.py) starts it once per test process, and each module opens its own context on it
(:func:`open_context`): a context is a fresh, isolated profile (no cookies, storage or cache shared with another
context), so a module sees exactly what it would see in a browser of its own.

Screenshots are for a person to look at, never diffed: :func:`screenshot` takes them only when asked
(``SITE_SCREENSHOTS=1``), so the suite spends no time encoding pictures nobody opens.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from helpers import paths

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
#: Milliseconds any navigation or wait may take before the test gives up (generous: the machine may be busy).
READY_MS = 120_000
#: Whether the browser is installed (the browser tests are skipped otherwise).
INSTALLED = Path(CHROMIUM).is_file()
SKIP_REASON = "chromium not installed: run `make browser`"
#: Where the browser tests' screenshots go (git-ignored).
SCREENSHOTS = paths.ROOT / "screenshots"
#: Whether to take screenshots (environment variable ``SITE_SCREENSHOTS=1``); each costs a fraction of a second to encode.
TAKE_SCREENSHOTS = os.environ.get("SITE_SCREENSHOTS", "") not in ("", "0")


def launch(pw):
    """Chromium started headless by Playwright ``pw`` (a ``sync_playwright()`` instance)."""
    return pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def open_context(browser, left_machine: list[str], allow: tuple[str, ...] = ()):
    """A new isolated context (a fresh profile) on ``browser``, 1280×900, with :data:`READY_MS` as every limit; every
    request that is not file:, data:, about: or under one of the ``allow`` prefixes (a local server's URL) is recorded
    in ``left_machine`` and aborted. Requests under ``allow`` are excluded by a pattern Playwright matches in the
    browser, so they are never intercepted (an intercepted upload of a large body, such as JupyterLab saving a
    notebook, stalls)."""

    def gate(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            left_machine.append(url)
            route.abort()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(READY_MS)
    context.set_default_navigation_timeout(READY_MS)
    context.route(re.compile("^(?!" + "|".join(map(re.escape, allow)) + ")") if allow else "**/*", gate)
    return context


def screenshot(target, path: Path, **options) -> None:
    """``target.screenshot`` (a page or a locator) saved to ``path`` when :data:`TAKE_SCREENSHOTS`; nothing otherwise."""
    if TAKE_SCREENSHOTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(path), **options)
