"""Hypothesis strategies: valid annual-report models and their text in every layout gkparse reads.

A *model* (:class:`ReportModel`) is what a careful reader takes from a report:
the template, the year, and the value of every printed cell, whose numbers
satisfy every invariant of ``invariants.md``.  Blank cells are absent from
``values`` and listed in ``blanks``; they occur only where real reports leave
them (see :data:`BLANK_KINDS`).

:func:`render` writes a model as report text in one layout (see
:data:`LAYOUTS`) with realistic noise drawn by hypothesis (:func:`noises`).
:func:`expected_cells` and :func:`ambiguous_rows` say what the parser must
read from that text under its placement rules: numbers go where the text
decides it, and a partially blank row that the layout cannot place is a
``row.ambiguous`` finding with no cell.

Labels and columns come from the template registry (``gkparse.templates``, read
through ``tests/schema.py``), so these tests follow the templates the parser reads.

Modules: ``models`` (report models, expected cells), ``noise`` (variation switches),
``document`` (a model as a layout-free document), ``layouts`` (a document as text).
"""

from tests.strategies.layouts import render, rendered
from tests.strategies.models import (
    APPEAL_ROWS,
    APPLICANTS,
    BLANK_KINDS,
    FLAT_KEYS,
    LAYOUTS,
    MONEY_KEYS,
    POSITIONAL,
    ReportModel,
    ambiguous_rows,
    expected_cells,
    full_reports,
    reports,
)
from tests.strategies.noise import Noise, noises

__all__ = [
    "APPEAL_ROWS",
    "APPLICANTS",
    "BLANK_KINDS",
    "FLAT_KEYS",
    "LAYOUTS",
    "MONEY_KEYS",
    "POSITIONAL",
    "Noise",
    "ReportModel",
    "ambiguous_rows",
    "expected_cells",
    "full_reports",
    "noises",
    "render",
    "rendered",
    "reports",
]
