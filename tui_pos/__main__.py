"""`python -m tui_pos` runs the command line."""

import sys

from tui_pos.cli import main

sys.exit(main())
