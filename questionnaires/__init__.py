"""Methodologies as data, questionnaire templates, readers of untrusted files, the error
catalog. Logs go to whatever the application configures (never Python's last-resort
handler, which would print them on a user's terminal)."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
