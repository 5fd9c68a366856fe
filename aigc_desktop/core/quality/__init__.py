"""Dirty-data detection: one module per family of checks, a registry, the scan service and report.

Entry points: the job :func:`aigc_desktop.core.quality.scan.scan` and
:class:`aigc_desktop.core.quality.result.ScanResult`; the issue types are listed in ``registry``.
"""
