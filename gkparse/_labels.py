"""Label tables: the printed wordings of rows, headers and headings.

A run of label cells (the text between two groups of numbers) is joined in
its normalised form and scanned into *pieces*: known phrases (rows, column
headers, group headings, section headings), enumerators such as ``（三）`` or
``2.``, parenthesised notes, punctuation and unknown text ("junk").  The
assembler decides from the pieces which row the following numbers belong to.

To accept a new wording of a row, add it to ``ROW_PHRASES`` (see the how-to
"Add a label variant" in the docs).
"""

from __future__ import annotations

import functools
import re
from typing import Final, Literal

import attrs

PieceKind = Literal["row", "header", "group", "section", "enum", "paren", "punct", "junk"]


@attrs.frozen
class Piece:
    """A span of a normalised label run and what it is."""

    kind: PieceKind
    start: int
    end: int
    text: str
    table: str | None = None
    # row key per template; "" for "a group heading in this template"
    rows: tuple[tuple[str, str], ...] = ()

    def row_for(self, template: str | None) -> str | None:
        """The row key this phrase names in a template (None: not a row there)."""
        found = {t: r for t, r in self.rows}
        if template is not None:
            return found.get(template) or None
        keys = set(found.values())
        return keys.pop() if len(keys) == 1 and "" not in keys and len(found) == 2 else None


def _both(row: str) -> tuple[tuple[str, str], ...]:
    return (("2019", row), ("2021", row))


def _only(template: str, row: str) -> tuple[tuple[str, str], ...]:
    return ((template, row),)


_P = r"[、,.]?"

# (regex on the normalised text, table, rows per template).  Longer first.
ROW_PHRASES: Final[tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]] = (
    ("本年新收政府信息公开申请数量", "requests", _both("new")),
    ("上年结转政府信息公开申请数量", "requests", _both("carried_over")),
    ("结转下年度继续办理", "requests", _both("carried_forward")),
    ("部分公开", "requests", _both("partially_granted")),
    ("予以公开", "requests", _both("granted")),
    ("属于国家秘密", "requests", _both("denied.state_secret")),
    ("其他法律行政法规禁止公开", "requests", _both("denied.prohibited_by_law")),
    ("危及三安全一稳定", "requests", _both("denied.safety_stability")),
    ("保护第三方合法权益", "requests", _both("denied.third_party_rights")),
    ("属于三类内部事务信息", "requests", _both("denied.internal_affairs")),
    ("属于四类过程性信息", "requests", _both("denied.process_info")),
    ("属于行政执法案卷", "requests", _both("denied.enforcement_files")),
    ("属于行政查询事项", "requests", _both("denied.inquiry_matters")),
    ("本机关不掌握相关政府信息", "requests", _both("unable.not_held")),
    ("没有现成信息需要另行制作", "requests", _both("unable.needs_creation")),
    ("补正后申请内容仍不明确", "requests", _both("unable.unclear")),
    ("信访举报投诉类申请", "requests", _both("not_processed.complaint")),
    ("重复申请", "requests", _both("not_processed.duplicate")),
    ("要求提供公开出版物", "requests", _both("not_processed.publication")),
    ("无正当理由大量反复申请", "requests", _both("not_processed.excessive")),
    ("要求行政机关确认或重新出具已获取信息", "requests", _both("not_processed.confirm_or_reissue")),
    (
        "申请人无正当理由逾期不补正(?:" + _P + "行政机关不再处理其政府信息公开申请)?",
        "requests",
        _only("2021", "other.overdue_correction"),
    ),
    (
        "申请人逾期未按收费通知要求缴纳费用(?:" + _P + "行政机关不再处理其政府信息公开申请)?",
        "requests",
        _only("2021", "other.overdue_fee"),
    ),
    (r"(?:3[.、]|\(3\))其他(?!处理|结果|对外)", "requests", _only("2021", "other.other")),
    (r"(?:\(七\)|七[、.])总计", "requests", _both("total")),
    ("其他处理", "requests", (("2019", "other"), ("2021", ""))),
    ("未经复议直接起诉", "appeals", _both("litigation_direct")),
    ("复议后起诉", "appeals", _both("litigation_after_review")),
    ("行政复议", "appeals", _both("review")),
    ("其他对外管理服务事项", "active", _only("2019", "other_services")),
    ("行政规范性文件", "active", _both("normative_documents")),
    ("规范性文件", "active", _both("normative_documents")),
    ("规章", "active", _both("rules")),
    ("行政许可", "active", _both("licensing")),
    ("行政处罚", "active", _both("penalties")),
    ("行政强制", "active", _both("coercion")),
    ("行政事业性收费", "active", _both("fees")),
    ("政府集中采购", "active", _only("2019", "procurement")),
)

HEADER_PHRASES: Final[tuple[tuple[str, str | None], ...]] = (
    ("信息内容", "active"),
    ("本年新制作数量", "active"),
    ("本年新公开数量", "active"),
    ("对外公开总数量", "active"),
    ("上一年项目数量", "active"),
    ("本年增/减", "active"),
    ("本年处理决定数量", "active"),
    ("处理决定数量", "active"),
    ("采购项目数量", "active"),
    ("采购总金额", "active"),
    ("本年制发件数", "active"),
    ("本年废止件数", "active"),
    ("现行有效件数", "active"),
    ("本年收费金额", "active"),
    (r"第二十条第\([一二三四五六七八九十]+\)项", "active"),
    ("本年新", "active"),
    ("本年增/?", "active"),
    ("申请人情况", "requests"),
    ("自然人", "requests"),
    ("法人或其他组织", "requests"),
    ("商业企业", "requests"),
    ("科研机构", "requests"),
    ("社会公益组织", "requests"),
    ("法律服务机构", "requests"),
    ("结果维持", "appeals"),
    ("结果纠正", "appeals"),
    ("其他结果", "appeals"),
    ("尚未审结", "appeals"),
    ("行政诉讼", "appeals"),
    ("总计", None),
    ("其他", None),
)

GROUP_PHRASES: Final[tuple[tuple[str, str], ...]] = (
    ("本年度办理结果", "requests"),
    ("不予公开", "requests"),
    ("无法提供", "requests"),
    ("不予处理", "requests"),
)

SECTION_PHRASES: Final[tuple[tuple[str, str], ...]] = (
    ("主动公开政府信息情况", "active"),
    ("收到和处理政府信息公开申请情况", "requests"),
    ("政府信息公开行政复议" + _P + "行政诉讼情况", "appeals"),
)

TEMPLATE_MARKERS: Final[dict[str, tuple[str, ...]]] = {
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "采购项目数量",
        "采购总金额",
        "其他对外管理服务事项",
        "政府集中采购",
    ),
    "2021": (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "行政规范性文件",
        "申请人无正当理由逾期不补正",
        "申请人逾期未按收费通知要求缴纳费用",
    ),
}

_Entry = tuple[PieceKind, str | None, tuple[tuple[str, str], ...]]
_ENTRIES: list[tuple[str, _Entry]] = []
for _rx, _table, _rows in ROW_PHRASES:
    _ENTRIES.append((_rx, ("row", _table, _rows)))
for _rx, _t in SECTION_PHRASES:
    _ENTRIES.append((_rx, ("section", _t, ())))
for _rx, _t in GROUP_PHRASES:
    _ENTRIES.append((_rx, ("group", _t, ())))
for _rx, _th in HEADER_PHRASES:
    _ENTRIES.append((_rx, ("header", _th, ())))


def _literal_len(rx: str) -> int:
    return len(re.sub(r"\(\?[:!][^)]*\)\??|[\\()\[\]?*+|]", "", rx))


# At one position the first alternative that matches wins: order by length.
_ENTRIES.sort(key=lambda e: -_literal_len(e[0]))
_PHRASE_RE: Final = re.compile("|".join(f"(?P<g{i}>{rx})" for i, (rx, _) in enumerate(_ENTRIES)))
_ENUM_RE: Final = re.compile(
    r"[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[.、)]|\(\d{1,2}\)|\d{1,2}(?!\d)"
)
_PUNCT: Final = frozenset("、,.:;/-_·•*#>-—=+~")
_MARKER_RE: Final = {t: re.compile("|".join(re.escape(m) for m in ms)) for t, ms in TEMPLATE_MARKERS.items()}


def _close_paren(s: str, i: int) -> int:
    """Index after the parenthesis opened at i, or -1 when it is never closed."""
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "(":
            depth += 1
        elif s[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return -1


def scan(s: str) -> tuple[Piece, ...]:
    """Split a normalised label run into pieces (see module docstring); cached, runs repeat."""
    return _scan_cached(s) if len(s) <= 256 else _scan(s)


def _scan(s: str) -> tuple[Piece, ...]:
    out: list[Piece] = []
    i, n = 0, len(s)
    while i < n:
        m = _PHRASE_RE.match(s, i)
        if m is not None and m.end() > i:
            assert m.lastgroup is not None
            kind, table, rows = _ENTRIES[int(m.lastgroup[1:])][1]
            out.append(Piece(kind, i, m.end(), m.group(), table, rows))
            i = m.end()
            continue
        m = _ENUM_RE.match(s, i)
        if m is not None:
            out.append(Piece("enum", i, m.end(), m.group()))
            i = m.end()
            continue
        c = s[i]
        if c == "(":
            j = _close_paren(s, i)
            if j > 0:
                out.append(Piece("paren", i, j, s[i:j]))
                i = j
                continue
        if c in _PUNCT:
            out.append(Piece("punct", i, i + 1, c))
            i += 1
            continue
        if out and out[-1].kind == "junk" and out[-1].end == i:
            last = out.pop()
            out.append(Piece("junk", last.start, i + 1, last.text + c))
        else:
            out.append(Piece("junk", i, i + 1, c))
        i += 1
    return tuple(out)


_scan_cached = functools.lru_cache(maxsize=16384)(_scan)


def template_markers(norm_text: str) -> dict[str, int]:
    """How many distinct markers of each template occur in the joined label text."""
    return {t: len(set(rx.findall(norm_text))) for t, rx in _MARKER_RE.items()}
