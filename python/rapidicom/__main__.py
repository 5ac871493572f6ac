"""``python -m rapidicom ...``: see rapidicom.cli.main."""

import sys

from rapidicom.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
