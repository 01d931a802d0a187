"""Benchmarks of the curation and the test suite: ``python -m benchmarks --help``."""
