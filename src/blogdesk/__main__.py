"""Run blogdesk with ``python -m blogdesk``."""

import sys

from blogdesk.cli import main

# Guarded: worker processes started with "spawn" import __main__ again and must not run the app.
if __name__ == "__main__":
    sys.exit(main())
