"""AIGC Desktop: local generative-image experiments where data quality comes first."""

__version__ = "0.1.0"
APP_NAME = "AIGC Desktop"
ORG_NAME = "AIGC Desktop"
APP_ID = "aigc-desktop"
