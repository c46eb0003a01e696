"""kern's commands: one module per command; a group (``sessions``, ``db``) is a package whose
``__init__`` builds its Typer app and adds its commands; ``kern_cli.app`` mounts them."""
