"""The cleaning wizard: choose checks → scan → review each issue type → preview → apply and report."""
from aigc_desktop.qt.cleaning_wizard.wizard import CleaningWizard  # noqa: F401
