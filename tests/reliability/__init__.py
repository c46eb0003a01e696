"""Reliability suite: crashes, concurrency, hostile data and arguments, secrets, read-only reads,
and export/import round trips, all through real processes where that is what users run."""
