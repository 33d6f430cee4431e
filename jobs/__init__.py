"""Background jobs (*proses latar belakang*): long runs over a cycle whose progress is stored
in the database, so that any app instance can show it.

- :mod:`jobs.background` — what every such run shares: its states and their labels, one
  run at a time per cycle, running in a thread of this process (or in the caller's),
  storing results in batches, a run whose process stopped read as ``interrupted`` and
  resumed, and runs marked ``interrupted`` when the process exits.

The runs themselves — what they visit and store — live with their subject:
:mod:`evidence.link_runs` (checking every evidence link of a cycle) and
:mod:`monitoring.runs` (visiting every badan publik's website).
"""
