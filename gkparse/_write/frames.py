"""pandas and Arrow/Parquet output (optional extras ``gkparse[pandas]``, ``gkparse[arrow]``).

In frames and Arrow tables a value is a float64 (NaN when blank) so that it
can be summed and plotted; ``value_exact`` (tidy) keeps the exact decimal
text.  Counts are exact in float64 far beyond any count in a report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from gkparse._write.records import KEYS, Outcome, columns, rows
from gkparse.errors import GkparseError

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow


def _need(module: str, extra: str) -> Any:
    try:
        return __import__(module)
    except ImportError:
        raise GkparseError(f"this needs {module}: pip install 'gkparse[{extra}]'") from None


def _float(v: Any) -> float | None:
    return None if v is None else float(v)


def _frame_rows(items: Iterable[Outcome], shape: str) -> Iterator[dict[str, Any]]:
    return _convert_rows(rows(items, shape), shape)


def _convert_rows(records: Iterable[dict[str, Any]], shape: str) -> Iterator[dict[str, Any]]:
    for r in records:
        r = dict(r)
        if shape == "tidy":
            v = r["value"]
            r["value_exact"] = None if v is None else str(v)
            r["value"] = _float(v)
        else:
            for k in KEYS:
                r[k] = _float(r[k])
        yield r


def frame_columns(shape: str) -> tuple[str, ...]:
    """Columns of a frame/Arrow table of a shape (tidy adds ``value_exact``)."""
    return (*columns(shape), "value_exact") if shape == "tidy" else columns(shape)


def arrow_schema(shape: str) -> pyarrow.Schema:
    """The fixed Arrow schema of a shape."""
    pa = _need("pyarrow", "arrow")
    types = {
        "source": pa.string(),
        "status": pa.string(),
        "error": pa.string(),
        "template": pa.string(),
        "year": pa.int64(),
        "organ": pa.string(),
        "key": pa.string(),
        "table": pa.string(),
        "row": pa.string(),
        "col": pa.string(),
        "value": pa.float64(),
        "raw": pa.string(),
        "line": pa.int64(),
        "value_exact": pa.string(),
        "layout": pa.string(),
        "ok": pa.bool_(),
        "findings": pa.int64(),
        "errors": pa.int64(),
        "warnings": pa.int64(),
    }
    return pa.schema([(c, types.get(c, pa.float64())) for c in frame_columns(shape)])


def to_arrow(items: Iterable[Outcome], shape: str = "tidy") -> pyarrow.Table:
    """Reports (and failures) as an Arrow table of the given shape."""
    pa = _need("pyarrow", "arrow")
    schema = arrow_schema(shape)
    data = list(_frame_rows(items, shape))
    return pa.Table.from_pylist(data, schema=schema)


def to_arrow_rows(records: Iterable[dict[str, Any]], shape: str) -> pyarrow.Table:
    """Records already in a shape (see ``gkparse._write.records``) as an Arrow table."""
    pa = _need("pyarrow", "arrow")
    return pa.Table.from_pylist(list(_convert_rows(records, shape)), schema=arrow_schema(shape))


def to_frame(items: Iterable[Outcome], shape: str = "tidy") -> pandas.DataFrame:
    """Reports (and failures) as a pandas DataFrame.

    Args:
        items: reports from :func:`gkparse.parse` / :func:`gkparse.parse_file`,
            or the outcomes of :func:`gkparse.parse_paths` (failures included).
        shape: ``"tidy"`` (one row per cell) or ``"wide"`` (one row per report,
            one column per key).

    Returns:
        A DataFrame with the columns of :func:`frame_columns`.
    """
    pd = _need("pandas", "pandas")
    cols = frame_columns(shape)
    frame = pd.DataFrame.from_records(list(_frame_rows(items, shape)), columns=list(cols))
    for c in ("year", "line", "findings", "errors", "warnings"):
        if c in frame:
            frame[c] = frame[c].astype("Int64")
    if "value" in frame:
        frame["value"] = frame["value"].astype("float64")
    if shape == "wide":
        frame = frame.astype({k: "float64" for k in KEYS})
    return frame
