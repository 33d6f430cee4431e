"""Application layer of monev-kip: use cases shared by the CLI and the app."""
