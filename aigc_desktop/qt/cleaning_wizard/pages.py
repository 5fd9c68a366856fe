"""The wizard's pages, in order."""
from aigc_desktop.qt.cleaning_wizard.apply_page import ApplyPage  # noqa: F401
from aigc_desktop.qt.cleaning_wizard.preview_page import PreviewPage  # noqa: F401
from aigc_desktop.qt.cleaning_wizard.review_page import ReviewPage  # noqa: F401
from aigc_desktop.qt.cleaning_wizard.scan_pages import ChecksPage, ScanPage  # noqa: F401
