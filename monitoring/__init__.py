"""Website monitoring (*pemantauan situs*): visiting every badan publik's PPID website for
what the law says must be there, as suggested evidence for the verifikator.

What to look for is data in the methodology: a question's
:class:`~questionnaires.model.Signals` (menu and link texts, words in page titles, address
patterns, document types). A question without signals is not looked for.

- :mod:`monitoring.crawler` — visiting one site politely (httpx with the client of
  :mod:`evidence.links`: time-outs, the private-address refusal, a user agent naming
  monev-kip; robots.txt read with protego; a delay per host; same host only; depth and
  page caps), parsing pages with selectolax, matching signals, and inspecting the linked
  document of each finding as an evidence link is (:func:`evidence.links.check_link`: a
  PDF opens, its pages and size).
- :mod:`monitoring.runs` — runs of a cycle in the background with progress (at most
  :attr:`~monitoring.crawler.CrawlSettings.concurrency` sites at once, one HTTP client),
  resumable after an interruption; the findings per body and item, the difference
  between two runs (appeared, disappeared, broken) and the koordinator's to-do list.

The tables are ``monitoring_runs``, ``monitoring_sites`` and ``monitoring_findings``
(migration 0010); the app and the CLI (``python -m monev monitor``) call
:mod:`monitoring.runs`, which checks rights against the database (:mod:`monev.permissions`).
"""
