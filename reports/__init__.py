"""Reports of a monev cycle, from plain data (no database access here).

* :mod:`reports.data` — the plain data the writers take, and pure builders from results.
* :mod:`reports.ranking_xlsx` — the ranking workbook (cover, categories, Metodologi, Audit).
* :mod:`reports.report_card` — a badan publik's report card (PDF), all of them as a ZIP.
* :mod:`reports.ranking_pdf` — the ranking per category for the decree annex (PDF).
* :mod:`reports.open_data` — published results as CSV and JSON.
* :mod:`reports.formatting` — Indonesian numbers, dates and text colours (also for the app).
* :mod:`reports.safety` — escaping.

The use cases that check permissions and gather the data are in :mod:`monev.exports`.
"""
