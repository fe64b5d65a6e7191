"""Benchmarks that print figures (not pass/fail tests): `python -m bench.run --list`."""
