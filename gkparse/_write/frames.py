"""pandas and Arrow/Parquet output (optional extras ``gkparse[pandas]``, ``gkparse[arrow]``).

Frames and Arrow tables have the columns and types of the rows (see
``gkparse._write.records.shape_columns``): ``value`` is a float64 (NaN when blank)
so that it can be summed and plotted, ``value_exact`` keeps the exact decimal
text.  Counts are exact in float64 far beyond any count in a report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

from gkparse._extras import need
from gkparse._write.records import Outcome, rows, shape_columns, wide_keys

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow


_PANDAS_DTYPES: Final = {"int": "Int64", "float": "float64", "bool": "boolean"}


def arrow_schema(shape: str, keys: Sequence[str] | None = None) -> pyarrow.Schema:
    """The Arrow schema of a shape (wide: with a column per key of ``keys``, default `wide_keys`)."""
    pa = need("pyarrow", "arrow", purpose="Arrow and Parquet output")
    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    return pa.schema([(c.name, types[c.kind]) for c in shape_columns(shape, keys)])


def _keys(items: Iterable[Outcome], shape: str) -> tuple[list[Outcome], tuple[str, ...] | None]:
    """The items as a list, and the wide shape's key columns for them (None for other shapes)."""
    listed = list(items)
    return listed, wide_keys(listed) if shape == "wide" else None


def to_arrow(items: Iterable[Outcome], shape: str = "tidy") -> pyarrow.Table:
    """Reports (and failures) as an Arrow table of the given shape (see [`to_frame`][gkparse.to_frame])."""
    listed, keys = _keys(items, shape)
    return to_arrow_rows(rows(listed, shape, keys=keys), shape, keys)


def to_arrow_rows(records: Iterable[dict[str, Any]], shape: str, keys: Sequence[str] | None = None) -> pyarrow.Table:
    """Records already in a shape as an Arrow table (wide: made with the key columns ``keys``)."""
    pa = need("pyarrow", "arrow", purpose="Arrow and Parquet output")
    return pa.Table.from_pylist(list(records), schema=arrow_schema(shape, keys))


def to_frame(items: Iterable[Outcome], shape: str = "tidy") -> pandas.DataFrame:
    """Reports (and failures) as a pandas DataFrame.

    Args:
        items: reports from [`parse`][gkparse.parse] / [`parse_file`][gkparse.parse_file],
            or the outcomes of [`parse_paths`][gkparse.parse_paths] (failures included).
        shape: ``"tidy"`` (one row per cell), ``"wide"`` (one row per report,
            one column per key of the templates the reports were read in) or
            ``"findings"`` (one row per finding).

    Returns:
        A DataFrame with the columns of the shape; the dtypes are listed in the
        data dictionary (floats for values, nullable ``Int64`` for counts of lines
        and findings, ``boolean`` for ``ok``, strings as objects).
    """
    pd = need("pandas", "pandas", purpose="a DataFrame")
    listed, keys = _keys(items, shape)
    cols = shape_columns(shape, keys)
    frame = pd.DataFrame.from_records(list(rows(listed, shape, keys=keys)), columns=[c.name for c in cols])
    frame = frame.astype({c.name: _PANDAS_DTYPES[c.kind] for c in cols if c.kind in _PANDAS_DTYPES})
    return frame.copy()  # one block per dtype: adding a column later does not warn of fragmentation


def findings_frame(items: Iterable[Outcome]) -> pandas.DataFrame:
    """Every finding of the reports as a DataFrame, one row per finding.

    Columns: ``source, severity, code, message, keys, line`` (``keys`` joined by
    spaces).  Failures have no findings: they are rows of [`to_frame`][gkparse.to_frame].

    Args:
        items: reports, or the outcomes of [`parse_paths`][gkparse.parse_paths].
    """
    return to_frame(items, "findings")
