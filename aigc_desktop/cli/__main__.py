"""``python -m aigc_desktop.cli`` is ``aigc`` (handy under torchrun)."""
import sys

from aigc_desktop.cli import main

sys.exit(main())
