"""pandas and Arrow/Parquet output (optional extras ``gkparse[pandas]``, ``gkparse[arrow]``).

Frames and Arrow tables have the columns and types of the rows (see
``gkparse._write.records.shape_columns``), one dtype per column whatever the route:
strings are pandas' nullable ``string``, whole numbers ``Int64``, flags ``boolean``,
and ``value`` (with every key column of the wide shape) ``float64`` (NaN when blank) so
that it sums and plots; ``value_exact`` keeps the exact decimal text.  Counts are exact in
float64 far beyond any count in a report.
"""

from __future__ import annotations

import inspect
from collections.abc import Generator, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

from gkparse._extras import need
from gkparse._write.records import Outcome, rows, shape_columns, wide_keys
from gkparse.errors import GkparseError

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow


PANDAS_DTYPES: Final = {"string": "string", "int": "Int64", "float": "float64", "bool": "boolean"}
"""The pandas dtype of each kind of column: the one dtype of a column on every route."""


def outcomes(items: Iterable[Outcome], *, derived: bool = False, dedupe: bool = False) -> list[Outcome]:
    """The items as a list: deduplicated (see [`dedupe`][gkparse.dedupe]) and with derived values
    (see [`Report.derived`][gkparse.Report.derived]) when asked.

    Raises:
        GkparseError: ``items`` is an iterator that was already used up (the outcomes of
            ``parse_paths`` can be read once: keep ``list(gkparse.parse_paths(...))``).
    """
    if isinstance(items, Generator) and inspect.getgeneratorstate(items) == inspect.GEN_CLOSED:
        raise GkparseError(
            "these outcomes were already read to the end (parse_paths gives them once): "
            "keep them with outcomes = list(gkparse.parse_paths(...)) and pass the list"
        )
    listed = list(items)
    if dedupe:
        from gkparse._write.identity import dedupe as dedupe_

        listed = list(dedupe_(listed))
    if derived:
        from gkparse.model import Report

        listed = [x.derived() if isinstance(x, Report) else x for x in listed]
    return listed


def arrow_schema(shape: str, keys: Sequence[str] | None = None) -> pyarrow.Schema:
    """The Arrow schema of a shape (wide: with a column per key of ``keys``, default `wide_keys`)."""
    pa = need("pyarrow", "arrow", purpose="Arrow and Parquet output")
    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    return pa.schema([(c.name, types[c.kind]) for c in shape_columns(shape, keys)])


def _keys(
    items: Iterable[Outcome], shape: str, *, derived: bool = False, dedupe: bool = False
) -> tuple[list[Outcome], tuple[str, ...] | None]:
    """The items as a list (see `outcomes`), and the wide shape's key columns for them (None for other shapes)."""
    listed = outcomes(items, derived=derived, dedupe=dedupe)
    return listed, wide_keys(listed) if shape == "wide" else None


def to_arrow(
    items: Iterable[Outcome], shape: str = "tidy", *, derived: bool = False, dedupe: bool = False
) -> pyarrow.Table:
    """Reports (and failures) as an Arrow table of the given shape (see [`to_frame`][gkparse.to_frame])."""
    listed, keys = _keys(items, shape, derived=derived, dedupe=dedupe)
    return to_arrow_rows(rows(listed, shape, keys=keys), shape, keys)


def to_arrow_rows(records: Iterable[dict[str, Any]], shape: str, keys: Sequence[str] | None = None) -> pyarrow.Table:
    """Records already in a shape as an Arrow table (wide: made with the key columns ``keys``)."""
    pa = need("pyarrow", "arrow", purpose="Arrow and Parquet output")
    return pa.Table.from_pylist(list(records), schema=arrow_schema(shape, keys))


def to_frame(
    items: Iterable[Outcome], shape: str = "tidy", *, derived: bool = False, dedupe: bool = False
) -> pandas.DataFrame:
    """Reports (and failures) as a pandas DataFrame.

    Args:
        items: reports from [`parse`][gkparse.parse] / [`parse_file`][gkparse.parse_file],
            or the outcomes of [`parse_paths`][gkparse.parse_paths] (failures included).
        shape: ``"tidy"`` (one row per cell), ``"wide"`` (one row per report,
            one column per key of the templates the reports were read in) or
            ``"findings"`` (one row per finding).
        derived: add the values the relations determine (``derived=True`` in the tidy shape;
            see [`Report.derived`][gkparse.Report.derived]); default: printed values only.
        dedupe: keep one report per identity (see [`dedupe`][gkparse.dedupe]).

    Returns:
        A DataFrame with the columns of the shape, one dtype per kind of column: nullable
        ``string``, ``Int64``, ``boolean``, and ``float64`` for values.

    Raises:
        GkparseError: ``items`` is an iterator already read to the end.
    """
    pd = need("pandas", "pandas", purpose="a DataFrame")
    listed, keys = _keys(items, shape, derived=derived, dedupe=dedupe)
    return frame_of(pd, list(rows(listed, shape, keys=keys)), shape, keys)


def frame_of(pd: Any, records: list[dict[str, Any]], shape: str, keys: Sequence[str] | None) -> pandas.DataFrame:
    """Rows of a shape as a DataFrame with the shape's dtypes."""
    cols = shape_columns(shape, keys)
    frame = pd.DataFrame.from_records(records, columns=[c.name for c in cols])
    frame = frame.astype({c.name: PANDAS_DTYPES[c.kind] for c in cols})
    return frame.copy()  # one block per dtype: adding a column later does not warn of fragmentation


def comparable_frame(reports: Iterable[Outcome]) -> pandas.DataFrame:
    """[`comparable_rows`][gkparse.comparable_rows] as a DataFrame with the dtypes of every other route:
    ``source``, ``template``, ``organ`` and ``report_id`` strings, ``year`` ``Int64``, values ``float64``
    (failures are left out).

    Args:
        reports: reports, or the outcomes of [`parse_paths`][gkparse.parse_paths].
    """
    pd = need("pandas", "pandas", purpose="a DataFrame")
    from gkparse._read.comparable import comparable_keys, comparable_rows
    from gkparse.model import Report

    listed = [r for r in outcomes(reports) if isinstance(r, Report)]
    keys = list(
        dict.fromkeys(k for ix in dict.fromkeys(r.index for r in listed) for k in comparable_keys(ix.templates))
    )
    if not listed:
        keys = list(comparable_keys())
    records = [{**row, "report_id": r.report_id} for r, row in zip(listed, comparable_rows(listed), strict=True)]
    head = ["source", "year", "template", "organ", "report_id"]
    frame = pd.DataFrame.from_records(records, columns=[*head, *keys])
    dtypes = {"source": "string", "year": "Int64", "template": "string", "organ": "string", "report_id": "string"}
    frame[keys] = frame[keys].map(lambda v: None if v is None else float(v)) if keys and len(frame) else frame[keys]
    return frame.astype(dtypes | dict.fromkeys(keys, "float64")).copy()


def findings_frame(items: Iterable[Outcome]) -> pandas.DataFrame:
    """Every finding of the reports as a DataFrame, one row per finding.

    Columns: ``source, severity, code, message, keys, line, relation, left, right`` (``keys``
    joined by spaces; ``relation``, ``left`` and ``right`` for arithmetic findings).  Failures
    have no findings: they are rows of [`to_frame`][gkparse.to_frame].

    Args:
        items: reports, or the outcomes of [`parse_paths`][gkparse.parse_paths].
    """
    return to_frame(items, "findings")
