"""`python -m stargate_report`: see stargate_report.cli."""

import sys

from .cli import main

sys.exit(main())
