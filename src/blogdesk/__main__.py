"""Run blogdesk with ``python -m blogdesk``."""

import sys

from blogdesk.cli import main

sys.exit(main())
