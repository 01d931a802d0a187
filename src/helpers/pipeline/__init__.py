"""The raw -> curated pipeline: fetch raw sources, validate them, build the curated tables, publish the package.

One way, one module per job (none imports a later stage):

- :mod:`~helpers.pipeline.sources`: the committed manifest of raw sources, fetching files into ``data/raw`` with checksums;
- :mod:`~helpers.pipeline.records`: counting a raw file's records byte by byte (independently of the CSV parser), and a
  normalised copy for the parser when the file needs one;
- :mod:`~helpers.pipeline.rules`: the validation and plausibility rules, and the official exchange rates they use;
- :mod:`~helpers.pipeline.validate`: reading a raw salaries file and sorting every record into kept or rejected, with a reason;
- :mod:`~helpers.pipeline.authored`: the hand-authored input tables under ``data/authored/``, loaded and checked;
- :mod:`~helpers.pipeline.package`: the published package's documents: ``datapackage.json``, the curation report, the codebook;
- :mod:`~helpers.pipeline.publish`: publishing ``data/curated`` in one atomic step, under a lock;
- :mod:`~helpers.pipeline.curate`: building every curated table in memory, and the whole run (build, then publish);
- :mod:`~helpers.pipeline.duck` (each build's own in-memory DuckDB database) serves them.

The tables themselves are defined in :mod:`helpers.tables`. ``python -m helpers fetch`` and
``python -m helpers curate`` run the pipeline.
"""
