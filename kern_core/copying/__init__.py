"""Copy sessions between session tables: any two databases, any two layouts (``kern sessions
migrate``).

- ``sessions``: the operation: :func:`~kern_core.copying.sessions.plan_copy` (read-only) and
  :func:`~kern_core.copying.sessions.copy_sessions` (batches, verification, ``delete_source``).
- ``identity``: whether source and target are the same storage, whatever names reach them.
- ``rows``: source rows as target rows, stored JSON passed through; per-session prints.
- ``write``: one batch into the target in one transaction, refused sessions isolated.
- ``digest``: the per-session digests that verify what the target holds.

The session-linked rows of agno 3.1 travel with their sessions through
:mod:`kern_core.linked.transfer`.
"""
