"""The review page (placeholder until written)."""

from __future__ import annotations

from gkparse.model import Report


def report_html(report: Report) -> str:
    """The report as HTML."""
    return f"<pre>{report!r}</pre>"
