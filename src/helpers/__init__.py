"""Shared code for the ML engineer careers notebook collection.

One way through, three layers over a small core (the README's "How the code is organised" has the map):

- core: ``paths``, ``study`` (the study's choices), ``schema`` (the survey's vocabulary), ``tables`` (each curated
  table defined once), ``binning``, ``data`` (load curated tables), ``fsutil``;
- ``pipeline``: raw sources -> validated, curated tables, the data package and the curation report;
- ``analysis``: statistics, money, coverage, findings, the fact check, the estimator, the SQL warehouse;
- ``presentation``: the figure theme and charts, wording, and the rendered site.

A layer imports only from the core and the layers before it. Importing the package is cheap: submodules load on
demand.
"""

__version__ = "0.2.0"
