"""Outcomes of a cycle: current results (a projection of the history), publication, the
previous cycle's outcomes, records and the dashboard.

- :mod:`monev.outcomes.inputs` — what scoring reads from the history (cases per body)
- :mod:`monev.outcomes.projection` — the stored current result of every participant,
  kept up to date in the transaction of each write; rebuild from the history
- :mod:`monev.outcomes.results` — reading a cycle's results (ranked) and records
- :mod:`monev.outcomes.publication` — penetapan (frozen records) and reopening
- :mod:`monev.outcomes.previous` — outcomes in the previous cycle, for comparison
- :mod:`monev.outcomes.records` — records as the CLI prints them (table, CSV, JSON)
- :mod:`monev.outcomes.board` — what the ranking page shows, and how it is built
- :mod:`monev.outcomes.dashboard` — the ranking page's data, read and cached per data version
- :mod:`monev.outcomes.upkeep` — registers the unit of work that keeps stored results current
"""
