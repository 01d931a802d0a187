"""Shared code for the ML engineer careers notebook collection.

Stages, one way: ``sources`` (fetch raw files) -> ``validate``/``curate`` (raw -> curated tables)
-> ``data`` (load curated tables) -> ``stats`` / ``plots`` -> ``report`` (rendered site).
Importing the package is cheap: submodules load on demand.
"""

__version__ = "0.2.0"
