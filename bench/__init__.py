"""Benchmarks for the PRODUCT.md targets: ``python -m bench``. They print numbers; no
assertions — the test suite never times anything."""
