"""The frozen app's entry point: the GUI, or the CLI when given a subcommand or run as ``aigc``."""
import sys

from aigc_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
