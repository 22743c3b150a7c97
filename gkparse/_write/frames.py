"""pandas and Arrow/Parquet output (optional extras ``gkparse[pandas]``, ``gkparse[arrow]``).

Frames and Arrow tables have the columns and types of the rows (see
``gkparse._write.records.COLUMNS``): ``value`` is a float64 (NaN when blank)
so that it can be summed and plotted, ``value_exact`` keeps the exact decimal
text.  Counts are exact in float64 far beyond any count in a report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from gkparse._extras import need
from gkparse._write.records import COLUMNS, Outcome, columns, rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow


_PANDAS_DTYPES: Final = {"int": "Int64", "float": "float64", "bool": "boolean"}


def frame_columns(shape: str) -> tuple[str, ...]:
    """Columns of a frame or Arrow table of a shape: the columns of the rows."""
    return columns(shape)


def arrow_schema(shape: str) -> pyarrow.Schema:
    """The fixed Arrow schema of a shape."""
    pa = need("pyarrow", "arrow", purpose="Arrow and Parquet output")
    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    return pa.schema([(c.name, types[c.kind]) for c in COLUMNS[shape]])


def to_arrow(items: Iterable[Outcome], shape: str = "tidy") -> pyarrow.Table:
    """Reports (and failures) as an Arrow table of the given shape (see [`to_frame`][gkparse.to_frame])."""
    return to_arrow_rows(rows(items, shape), shape)


def to_arrow_rows(records: Iterable[dict[str, Any]], shape: str) -> pyarrow.Table:
    """Records already in a shape as an Arrow table."""
    pa = need("pyarrow", "arrow", purpose="Arrow and Parquet output")
    return pa.Table.from_pylist(list(records), schema=arrow_schema(shape))


def _frame(records: Iterable[dict[str, Any]], shape: str) -> pandas.DataFrame:
    pd = need("pandas", "pandas", purpose="a DataFrame")
    frame = pd.DataFrame.from_records(list(records), columns=list(columns(shape)))
    frame = frame.astype({c.name: _PANDAS_DTYPES[c.kind] for c in COLUMNS[shape] if c.kind in _PANDAS_DTYPES})
    return frame.copy()  # one block per dtype: adding a column later does not warn of fragmentation


def to_frame(items: Iterable[Outcome], shape: str = "tidy") -> pandas.DataFrame:
    """Reports (and failures) as a pandas DataFrame.

    Args:
        items: reports from [`parse`][gkparse.parse] / [`parse_file`][gkparse.parse_file],
            or the outcomes of [`parse_paths`][gkparse.parse_paths] (failures included).
        shape: ``"tidy"`` (one row per cell), ``"wide"`` (one row per report,
            one column per key) or ``"findings"`` (one row per finding).

    Returns:
        A DataFrame with the columns of the shape; the dtypes are listed in the
        data dictionary (floats for values, nullable ``Int64`` for counts of lines
        and findings, ``boolean`` for ``ok``, strings as objects).
    """
    return _frame(rows(items, shape), shape)


def findings_frame(items: Iterable[Outcome]) -> pandas.DataFrame:
    """Every finding of the reports as a DataFrame, one row per finding.

    Columns: ``source, severity, code, message, keys, line`` (``keys`` joined by
    spaces).  Failures have no findings: they are rows of [`to_frame`][gkparse.to_frame].

    Args:
        items: reports, or the outcomes of [`parse_paths`][gkparse.parse_paths].
    """
    return to_frame(items, "findings")
