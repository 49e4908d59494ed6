"""`python -m iopdoc`: the same as the `iopdoc` command."""
import sys

from iopdoc.cli import run

sys.exit(run())
