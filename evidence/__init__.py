"""Data dukung (evidence) a verifikator can trust: evidence files and link checking.

- :mod:`evidence.store` — where the bytes of evidence files live (a folder under ``data/`` or
  the database), addressed by SHA-256, chosen by configuration.
- :mod:`evidence.inspect` — what a file really is, by its content (a PDF that opens, its pages;
  an image), and why a file is refused.
- :mod:`evidence.files` — the use cases: attach a file to a question, list and fetch them,
  with the rights checked against the database.
- :mod:`evidence.links` — checking one evidence link over HTTP (httpx): status, redirects,
  content type, size, PDF pages, sign-in walls, and the verdict shown to users.
- :mod:`evidence.link_runs` — checking every link of a cycle in the background, with
  progress, and reading the latest verdicts.

The app and the CLI call these use cases; they reach ``storage`` only through them.
"""
