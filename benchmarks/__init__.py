"""Benchmarks: `make bench` runs them; they print figures against in-run baselines."""


def report_checks(checks: list[tuple[str, bool]]) -> int:
    """Print each target as ok/MISSED; the exit status is 1 when any was missed."""
    print()
    for text, ok in checks:
        print(f"[{'ok' if ok else 'MISSED'}] {text}")
    return 0 if all(ok for _, ok in checks) else 1
