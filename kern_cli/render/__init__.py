"""Renderers that turn sessions into text for people: Markdown and rich transcripts."""
