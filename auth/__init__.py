"""Who is logged in: password rules and hashing, login throttling, session tokens.

The pieces here hold no use cases: :mod:`monev.accounts` (user administration, password
changes) and :mod:`monev.sessions` (log in, resume a session, log out, login events) call
them inside their transactions. Every setting comes from the environment through
:mod:`auth.settings`.
"""
