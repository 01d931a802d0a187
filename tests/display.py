"""What IPython displays, captured as a notebook kernel would publish it, for tests of ``theme.show`` and the prose
builders.

The test process keeps one ``InteractiveShell`` for every test that captures: each new shell registers an exit handler
that clears its namespaces and runs a full garbage collection, about 0.1-0.2 s in a process holding the suite's
imports, so a shell per test costs seconds when the run ends.
"""

from __future__ import annotations

from collections.abc import Callable


def captured(show: Callable[[], object]) -> list[tuple[dict, dict]]:
    """Call ``show()``; the (data, metadata) pairs it displayed, in order (metadata ``{}`` when none), even when it
    raises."""
    from IPython.core.interactiveshell import InteractiveShell

    publisher = InteractiveShell.instance().display_pub
    shown: list[tuple[dict, dict]] = []
    publisher.publish = lambda data, metadata=None, **kw: shown.append((data, metadata or {}))
    try:
        show()
    finally:
        del publisher.publish  # the class's own method again
    return shown
