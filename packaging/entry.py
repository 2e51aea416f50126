"""The bundled executable's entry point: the same `main` as `python -m briefing`."""

import sys

from briefing.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
