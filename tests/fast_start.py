"""A pytest plugin loaded first (``-p tests.fast_start`` in pyproject's addopts), before nbval imports nbformat.

jsonschema (imported by nbformat) compiles an IRI grammar with lark at import when ``rfc3987_syntax`` is installed:
about 2 s of CPU in every pytest process (the controller and each xdist worker) for a string format that no notebook
schema uses. Marking the module absent makes jsonschema skip that one format checker, as ``python -m helpers site``
already does. Nothing a test checks depends on it (``tests/test_fast_start.py`` shows notebooks still validate).
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)
