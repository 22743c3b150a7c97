"""The finding codes about reports beyond one table: a series of years, the organ's place (see
`gkparse._findings` for the catalogue)."""

from __future__ import annotations

from typing import Final

from gkparse._findings import Code

SERIES_CARRY: Final = Code(
    "series.carry",
    "error",
    "check_series: carried_forward of year N differs from carried_over of year N+1 in a column.",
    "column {col}: {a} carried forward {fwd} ({sa}) but {b} carried over {over} ({sb}): difference {diff:+}",
)
SERIES_GAP: Final = Code(
    "series.gap",
    "info",
    "check_series: a year is missing between two reports.",
    "no report between {a} ({sa}) and {b} ({sb})",
)
SERIES_DUPLICATE: Final = Code(
    "series.duplicate_year",
    "warning",
    "check_series: two reports for one year; the first is used.",
    "two reports for {year}: {first} and {second}; the first is used",
)
SERIES_ORGAN: Final = Code(
    "series.organ",
    "warning",
    "check_series: the reports name different organs.",
    "the reports name different organs: {organs}",
)
SERIES_SKIPPED: Final = Code(
    "series.skipped",
    "info",
    "check_series: a report without a year or a requests table is left out.",
    "{name} has no {missing}: not in the series",
)

PLACE_AMBIGUOUS: Final = Code(
    "place.ambiguous",
    "info",
    "The organ's division is named by a name several divisions share (a 城关区 in two provinces) and "
    "the text does not say which: the report has no place (needs gkparse[places]).",
    "the {evidence} names {name}, which is more than one division ({candidates}): place left unresolved",
    "城关区人民政府2020年政府信息公开工作年度报告\n",
)

CODES: Final = (SERIES_CARRY, SERIES_GAP, SERIES_DUPLICATE, SERIES_ORGAN, SERIES_SKIPPED, PLACE_AMBIGUOUS)
