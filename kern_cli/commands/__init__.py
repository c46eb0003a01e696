"""The command groups mounted on the root app, one module per group."""
