"""Every difference between the databases kern reads, one module per database.

``base`` says what a dialect provides; ``sqlite``, ``postgres`` and ``mysql`` (MySQL and
MariaDB) provide it. The rest of
kern_core talks to a :class:`Dialect` and never asks which database it is; a new database is
a new module here and an entry in :data:`DIALECT_CLASSES`.
"""

from __future__ import annotations

from kern_core.dialect.base import (
    DIALECT_CLASSES,
    Catalog,
    Dialect,
    IndexInfo,
    ServerDialect,
    StorageRules,
    TextLimit,
    check_identifier,
    chunked,
    driver_errors,
    quote,
    translate_error,
)
from kern_core.dialect.mysql import MysqlDialect
from kern_core.dialect.postgres import PostgresDialect
from kern_core.dialect.sqlite import SqliteDialect

__all__ = [
    "Catalog",
    "DIALECT_CLASSES",
    "Dialect",
    "IndexInfo",
    "MysqlDialect",
    "PostgresDialect",
    "ServerDialect",
    "SqliteDialect",
    "StorageRules",
    "TextLimit",
    "check_identifier",
    "chunked",
    "driver_errors",
    "quote",
    "translate_error",
]
