"""gkparse: read the statistical tables of Chinese government
information-disclosure annual reports (政府信息公开工作年度报告) from text.

    >>> import gkparse
    >>> report = gkparse.parse_file(gkparse.fixtures_path("004_f6278f3ab9b7decc.txt"))
    >>> report.requests["new.total"]
    2
"""

from gkparse._checks import check_series
from gkparse._fixtures import fixtures_path
from gkparse._parse import decode, parse, parse_file
from gkparse._schema import KeySpec, all_keys
from gkparse._write.batch import parse_paths
from gkparse._write.convert import from_dict, json_schema, make_converter, to_dict
from gkparse._write.frames import findings_frame, to_arrow, to_frame
from gkparse._write.records import Failure, Outcome, row_schema, rows
from gkparse.errors import DecodeError, GkparseError, InputError, OutputError, UnguardedMainError
from gkparse.model import ActiveTable, AppealsTable, Cell, Finding, Report, RequestsTable, Severity, Table, Value

__version__ = "0.1.0"

__all__ = [
    "ActiveTable",
    "AppealsTable",
    "Cell",
    "DecodeError",
    "Failure",
    "Finding",
    "GkparseError",
    "InputError",
    "KeySpec",
    "Outcome",
    "OutputError",
    "Report",
    "RequestsTable",
    "Severity",
    "Table",
    "UnguardedMainError",
    "Value",
    "__version__",
    "all_keys",
    "check_series",
    "decode",
    "findings_frame",
    "fixtures_path",
    "from_dict",
    "json_schema",
    "make_converter",
    "parse",
    "parse_file",
    "parse_paths",
    "row_schema",
    "rows",
    "to_arrow",
    "to_dict",
    "to_frame",
]
