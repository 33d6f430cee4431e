"""Benchmarks: `make bench` runs them; they print figures against in-run baselines."""
