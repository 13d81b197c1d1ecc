"""Entry point of `python3 -m dendrite.report` (what `dendrite report` runs)."""
import sys

from dendrite.report.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
