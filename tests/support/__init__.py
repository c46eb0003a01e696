"""What the tests share: fixtures (loaded as pytest plugins by tests/conftest.py) and helpers.

``db``: PostgreSQL, the parametrised backends, the agno interpreter and the agno-written
fixture databases; ``cli``: CLI isolation and runners; ``figures``: the reliability summary;
``markers``: markers applied from the fixtures a test uses. Helpers: ``sessions`` (built in
code), ``ops``, ``reading``, ``changes``, ``stores``, ``procs``, ``hostile_data``,
``linked_data``; ``agent_writer`` is a script the concurrency tests run as a process.
"""
