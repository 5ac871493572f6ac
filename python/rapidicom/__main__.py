"""``python -m rapidicom ...``: see rapidicom.cli."""

import sys

from rapidicom.cli import main

if __name__ == "__main__":
    sys.exit(main())
