"""Run kern as ``python -m kern_cli``."""

from kern_cli.entry import main

if __name__ == "__main__":
    main()
