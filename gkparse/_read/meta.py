"""Report metadata: which year, which organ, and — from the tables' wording, else the year — which template.

The year comes from the title ("XX2020年政府信息公开工作年度报告"), the
sentence that introduces the report ("现将2020年度…"), the statistical
period ("统计期限自2020年1月1日"), or else the year most often named in the
text (dates of publication excluded).  The organ comes from the signature
above the closing date, the title, an organ alone on a first line or the
first sentence; never from a sentence that only mentions one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Final

from gkparse import _findings as F
from gkparse._read.grid import GridCell
from gkparse._read.labels import template_markers
from gkparse._read.text import nfkc, to_simplified
from gkparse.model import Finding
from gkparse.templates import Index

_Y: Final = r"((?:19|20)\d\d)"
_TITLE_RE: Final = re.compile(
    _Y + r"年度?(?:政府|政务)?(?:信息公开|政务公开|信息)(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)"
)
_TITLE_ONLY_RE: Final = re.compile(
    r"(?:标题[:：])?#*(?P<pre>[^。,，:：;；《》]{0,40}?)" + _TITLE_RE.pattern + r"[。.]?"
)
_INTRO_RE: Final = re.compile(r"现将[^。]{0,20}?" + _Y + r"年")
_PERIOD_RE: Final = re.compile(r"(?:统计期限|期限|时间)[^。]{0,8}?" + _Y + r"年1月1日|截[止至]" + _Y + r"年12月31日")
_CN_YEAR_RE: Final = re.compile(r"[〇○零一二三四五六七八九]{4}(?=[ \t]*年)")
_CN_DIGITS: Final = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_FALLBACKS: Final = (
    (_INTRO_RE, ("现将",)),
    (_PERIOD_RE, ("期限", "时间", "截")),
    (_TITLE_RE, ("报",)),
)  # each with the words it cannot match without
_ANY_RE: Final = re.compile(_Y + r"年(?!\d{1,2}月\d{1,2}日|\d{1,2}月)")
_DATE_LINE_RE: Final = re.compile(r"^\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_ORGAN_SUFFIX: Final = re.compile(
    r"(?:人民政府|政府办公室|政府办公厅|办公室|办公厅|委员会|管理局|服务中心|中心|局|厅|委|办|署|院|所|站|街道办事处|办事处|镇|乡|街道)$"
)
_TITLE_LINE_RE: Final = re.compile(
    r"(?:标题[:：])?#*(?P<organ>[^。,，:：;；《》“”()]{2,40}?)"
    + _Y
    + r"年度?(?:政府|政务)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)[。.]?"
)
_TITLE_AFTER_YEAR_RE: Final = re.compile(
    r"(?:标题[:：])?#*" + _Y + r"年度?(?P<organ>[^。,，:：;；《》“”()0-9]{2,30}?)"
    r"(?:政府|政务)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)[。.]?"
)
_ORGAN_RUN: Final = r"(?P<organ>[^。,，:：;；《》“”()0-9、]{2,30}?)"
_SENTENCE_RES: Final = (  # each with the words it cannot match without (a line lacking them is not searched)
    # 现将某某局2022年度… / 现公布某某局2023年…
    (re.compile(r"(?:现将|现公布|现发布|现予公布)" + _ORGAN_RUN + _Y + r"年"), ("现",)),
    # 2022年，某某局认真… / 2019年度某某局主动公开… / 2020年，某某局以…为指导
    (
        re.compile(
            r"^" + _Y + r"年(?:度)?[,，]?" + _ORGAN_RUN + r"(?:政府信息公开|信息公开|政务公开|认真|坚持|深入|围绕|"
            r"按照|严格|全面|积极|不断|主动公开|高度重视|以)"
        ),
        ("年",),
    ),
    # 某某局高度重视… at the start of a sentence or after its opening clause (按照…要求，某某办进一步…)
    (
        re.compile(r"(?:^|[,，。])" + _ORGAN_RUN + r"(?:高度重视|进一步|认真贯彻|认真落实)"),
        ("高度重视", "进一步", "认真"),
    ),
    # 本报告…由某某镇人民政府(党政)办公室编制
    (re.compile(r"由" + _ORGAN_RUN + r"(?:党政办公室|党政综合办公室|办公室|综合办公室)?编制"), ("编制",)),
)
_PUNCT_RE: Final = re.compile(r"[。,，:：;；《》“”()>|/\-_0-9A-Za-z]")
_NOT_ORGAN: Final = re.compile(r"根据|关于|按照|现将|本报告|我[局办镇委院厅]")


def _clean(line: str) -> str:
    return to_simplified(nfkc(line)).strip().strip("#*").strip()


def _unblank(s: str) -> str:
    """``s`` without spaces, tabs and ideographic spaces (line ends kept)."""
    return s.replace(" ", "").replace("\t", "").replace("\u3000", "")


def year_of(text: str, *, normalised: bool = False) -> int | None:
    """The year the report covers, or None when the text does not say.

    ``normalised``: the text is already NFKC and simplified (``Document.normalised``).
    """
    head = text if normalised else to_simplified(nfkc(text))
    if "年" in head and _CN_YEAR_RE.search(head) is not None:
        head = _CN_YEAR_RE.sub(lambda m: m.group().translate(_CN_DIGITS), head)
    # a title line first: navigation links to other years' reports come before it in prose or lists
    for line in head.split("\n"):
        if "报" not in line:
            continue
        line = _unblank(line)
        if len(line) <= 60:
            m = _TITLE_ONLY_RE.fullmatch(line)
            if m is not None and not re.search(r"关于|通知|报告", m.group("pre")):
                return int(m.group(2))
    if "年" not in head:
        return None
    flat = _unblank(head)
    for rx, needles in _FALLBACKS:
        if any(w in flat for w in needles):
            m = rx.search(flat)
            if m is not None:
                return int(next(g for g in m.groups() if g))
    order = [int(m.group(1)) for m in _ANY_RE.finditer(flat)]
    if not order:
        return None
    counts = Counter(order)
    best = max(counts.values())
    # ties: the year named first
    return next(y for y in order if counts[y] == best)


def _nonblank(lines: Iterable[str], n: int) -> list[str]:
    """The first ``n`` lines that are not blank."""
    out: list[str] = []
    for x in lines:
        if x and not x.isspace():
            out.append(x)
            if len(out) == n:
                break
    return out


def organ_of(lines: Sequence[str]) -> str | None:
    """The issuing organ, as printed, or None.

    In order: the signature above the closing date; the title ("某某2020年…报告",
    "2022年度某某…报告", or the organ alone on the line above it); an organ alone
    on one of the first lines; the first sentence ("现将某某局2022年度…",
    "2022年，某某局认真…").  Never from a sentence that only mentions an organ.
    """
    tail = _nonblank(reversed(lines), 48)[::-1]
    # the signature is near the end: a short organ-like line right above a closing date line
    for k in range(len(tail) - 1, 0, -1):
        if "日" not in tail[k] or not _DATE_LINE_RE.match(_clean(tail[k])):
            continue
        prev = _clean(tail[k - 1]).replace(" ", "")
        if _organ_like(prev):
            return _printed(tail[k - 1], prev)
    head = [(raw, flat) for raw in _nonblank(lines, 16) if (flat := _clean(raw).replace(" ", ""))]
    return _from_title(head[:12]) or _from_top_line(head[:3]) or _from_first_sentence(head)


def _organ_like(text: str) -> bool:
    return 2 <= len(text) <= 30 and _ORGAN_SUFFIX.search(text) is not None and not _NOT_ORGAN.search(text)


def _printed(raw: str, found: str, start: int = 0, flat: str | None = None) -> str:
    """``found`` (a slice of ``flat``, the cleaned and space-free ``raw``, from ``start``) as ``raw`` prints it."""
    printed = raw.strip().strip("#*").strip().replace(" ", "").replace("\u3000", "")
    if flat is None:
        flat = _clean(raw).replace(" ", "")
    return printed[start : start + len(found)] if len(printed) == len(flat) else found


def _from_title(head: list[tuple[str, str]]) -> str | None:
    for k, (raw, flat) in enumerate(head):
        if len(flat) > 60 or "报" not in flat:
            continue
        after_year = _TITLE_AFTER_YEAR_RE.fullmatch(flat)
        if not (after_year or _TITLE_RE.search(flat)):
            continue
        m = _TITLE_LINE_RE.fullmatch(flat) or after_year
        if m is not None:
            if _organ_like(m.group("organ")):
                return _printed(raw, m.group("organ"), m.start("organ"), flat)
        elif k > 0 and _TITLE_RE.match(flat.lstrip("#")):
            above_raw, above = head[k - 1]
            if _organ_like(above):
                return _printed(above_raw, above, 0, above)
    return None


def _from_top_line(head: list[tuple[str, str]]) -> str | None:
    for raw, flat in head:
        if _organ_like(flat) and not _PUNCT_RE.search(flat):
            return _printed(raw, flat, 0, flat)
    return None


def _from_first_sentence(head: list[tuple[str, str]]) -> str | None:
    for raw, flat in head:
        for rx, needles in _SENTENCE_RES:
            if not any(w in flat for w in needles):
                continue
            m = rx.search(flat)
            if m is not None and _organ_like(m.group("organ")):
                return _printed(raw, m.group("organ"), m.start("organ"), flat)
    return None


def decide_template(toks: Sequence[GridCell], year: int | None, index: Index) -> tuple[str | None, bool, list[Finding]]:
    """The template of the tables: the one whose wording they print, else the one of the year.

    Returns:
        (template, decided from the year, findings). A template decided from
        the year holds only if the report has tables at all (the caller drops it otherwise).
    """
    joined = "".join(t.norm for t in toks if t.kind == "text" and t.label_like)
    marks = template_markers(index, joined)
    found = {name: n for name, n in marks.items() if n}
    if found:
        best = max(found.values())
        winners = [name for name, n in found.items() if n == best]
        template = winners[0] if len(winners) == 1 else None
        findings: list[Finding] = []
        if len(found) > 1:
            counts = ", ".join(f"{n} of {name}" for name, n in marks.items())
            decision = f"read as template {template}" if template else "template left undecided"
            findings.append(F.MIXED.make(counts=counts, decision=decision))
        return template, False, findings
    if year is None:
        return None, False, []
    template = index.template_for_year(year)
    if template is None:
        return None, False, []
    return template, True, [F.FROM_YEAR.make(template=template, year=year)]
