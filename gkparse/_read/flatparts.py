"""One flat row of a flat table printed as a table of its own (issue 17, form 3).

The appeals table is one row of fifteen numbers under a two-level header. OCR and LLM
converters print it as three small tables, each under a heading that names one of its
rows::

    ### 行政复议
    | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
    | 27 | 10 | 9 | 15 | 61 |

Five numbers after a heading that names exactly one flat row (after the table's section
heading, which names them all) and then exactly that row's column headers, nothing else —
as many numbers as that row has columns: they are that row's, by count.  Anything else
(a two-level header whose lower level is printed one character a line, say) stays with
the whole flat table's placement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gkparse._read.grid import GridCell
from gkparse._read.labels import Vocabulary
from gkparse.templates import Index


def flat_part(
    voc: Vocabulary, run: Sequence[GridCell], nvalues: int, table: str, template: str | None, index: Index
) -> str | None:
    """The one flat row of ``table`` the label ``run`` names after its last section heading, when the
    ``nvalues`` numbers after it fill exactly that row; else None."""
    text = "".join(t.norm for t in run)
    sections = [p for p in voc.scan(text) if p.kind == "section" and p.table == table]
    tail = text[sections[-1].end :] if sections else text
    flat = {r for r, _, _ in index.slots(table, "*flat", template) or ()}
    named: list[tuple[str, int]] = []
    for row in index.rows_of(table, template):
        if row.key in flat and len(row.columns) == nvalues:
            named += [(row.key, m.end()) for w in row.wordings if (m := re.search(w, tail))]
    if len({key for key, _ in named}) != 1:
        return None
    # after the heading, the small table's own header: exactly its columns' headers, nothing unknown
    after = voc.scan(tail[max(end for _, end in named) :])
    headers = [p for p in after if p.kind == "header"]
    stray = [p for p in after if p.kind not in ("header", "punct", "paren")]
    if len(headers) != nvalues or any(p.kind != "junk" or p.text.strip("()（）#") for p in stray):
        return None
    return named[0][0]
