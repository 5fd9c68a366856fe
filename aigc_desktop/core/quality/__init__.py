"""Dirty-data detection: one module per family of checks, a registry, the scan service and report.

Entry points: :func:`aigc_desktop.core.quality.scan.scan` / ``iter_scan`` and
:class:`aigc_desktop.core.quality.result.ScanResult`; the issue types are listed in ``registry``.
"""
