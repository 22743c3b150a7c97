"""gkparse: read the statistical tables of Chinese government
information-disclosure annual reports (政府信息公开工作年度报告) from text,
HTML pages, PDF files and Word documents.

    >>> import gkparse
    >>> report = gkparse.parse_file(gkparse.fixtures_path("004_f6278f3ab9b7decc.txt"))
    >>> report.requests["new.total"]
    2
"""

from gkparse import _guard, templates
from gkparse._fixtures import fixtures_path
from gkparse._read.comparable import comparable, comparable_keys, comparable_rows
from gkparse._read.document import decode
from gkparse._read.labels import explain_label
from gkparse._read.limits import Limits, limits
from gkparse._read.pipeline import parse, parse_bytes, parse_document, parse_file, parse_html
from gkparse._read.series import check_series
from gkparse._write.batch import parse_paths
from gkparse._write.convert import from_dict, make_converter, to_dict
from gkparse._write.frames import comparable_frame, findings_frame, to_arrow, to_frame
from gkparse._write.identity import Deduped, Duplicate, dedupe, normalise_organ
from gkparse._write.records import Failure, Outcome, row_schema, rows
from gkparse._write.schema import json_schema
from gkparse.errors import (
    DecodeError,
    DocumentError,
    GkparseError,
    InputError,
    MissingExtraError,
    OutputError,
    UnguardedMainError,
)
from gkparse.model import (
    ActiveTable,
    AppealsTable,
    Cell,
    Finding,
    Origin,
    Place,
    Report,
    RequestsTable,
    Severity,
    Table,
    Value,
)
from gkparse.templates import KeySpec, Template, all_keys

__version__ = "0.1.0"

__all__ = [
    "ActiveTable",
    "AppealsTable",
    "Cell",
    "DecodeError",
    "Deduped",
    "DocumentError",
    "Duplicate",
    "Failure",
    "Finding",
    "GkparseError",
    "InputError",
    "KeySpec",
    "Limits",
    "MissingExtraError",
    "Origin",
    "Outcome",
    "OutputError",
    "Place",
    "Report",
    "RequestsTable",
    "Severity",
    "Table",
    "Template",
    "UnguardedMainError",
    "Value",
    "__version__",
    "all_keys",
    "check_series",
    "comparable",
    "comparable_frame",
    "comparable_keys",
    "comparable_rows",
    "decode",
    "dedupe",
    "explain_label",
    "findings_frame",
    "fixtures_path",
    "from_dict",
    "json_schema",
    "limits",
    "make_converter",
    "normalise_organ",
    "parse",
    "parse_bytes",
    "parse_document",
    "parse_file",
    "parse_html",
    "parse_paths",
    "row_schema",
    "rows",
    "to_arrow",
    "to_dict",
    "to_frame",
]

# every public function raises only GkparseError subclasses (see gkparse/_guard.py)
_guard.install(globals(), __all__)
_guard.install(vars(templates), templates.__all__)
