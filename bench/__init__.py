"""Benchmarks run by hand; see bench/RESULTS.md."""
