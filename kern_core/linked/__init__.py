"""What agno 3.1 keeps of a session outside the session and runs tables: compactions,
offloaded tool results with their payloads (``agno_fs``), transcripts.

- ``tables``: count and delete a session's linked rows (with the session, in one transaction).
- ``transfer``: read and write them for copy, export and import, namespaces rewritten.
- ``schema``: their DDL exactly as agno creates it.
- ``extras``: read them for display (``kern sessions show``), payloads as agno resolves them.

Which of these tables exist is detected with the layout (:attr:`kern_core.layout.Layout.linked`).
"""
