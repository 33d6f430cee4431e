"""Application layer of monev-kip: use cases shared by the CLI and the app.

Importing :mod:`monev` installs the unit of work that keeps every participant's stored
current result up to date in the transaction of each write that changes it
(:mod:`monev.outcomes.projection`).
"""

from monev.outcomes.projection import install as _install_projection

_install_projection()
