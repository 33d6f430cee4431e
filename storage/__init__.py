"""Storage of monev cycles: database models, connection and migrations."""
