"""Fast start: importing this module spares jsonschema's IRI grammar in this process (before nbformat is imported).

jsonschema (imported by nbformat) compiles an IRI grammar with lark at import when ``rfc3987_syntax`` is installed:
about 2 s of CPU for a string format that no notebook schema uses. Marking the module absent makes jsonschema skip
that one format checker. ``python -m helpers site`` imports this before building the site, and the test suite loads it
as an early pytest plugin (``-p helpers.fast_start`` in pyproject's addopts: the controller and each xdist worker),
before nbval imports nbformat. ``tests/test_fast_start.py`` shows the notebooks still validate.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)
