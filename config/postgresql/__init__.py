"""Django's PostgreSQL backend, waiting a few seconds for a restarting server (base.py)."""
