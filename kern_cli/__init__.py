"""kern: inspect and manage the sessions Agno agents store in SQLite, PostgreSQL and MySQL.

``kern_cli`` is the command line; the storage logic lives in ``kern_core``.
"""

__version__ = "0.1.0"
