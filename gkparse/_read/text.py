"""Normalisation of one cell's text, and reading of numbers.

``norm_label`` turns a printed label into the form the template wordings are
written in: half-width brackets, colons and digits (NFKC), simplified
characters, no white space, no quotes, no pinyin glosses, known typos and
variants mended (钩稽 → 勾稽, 合计 → 总计, 已取信息 → 已获取信息).

``read_number`` decides whether a cell is a number, a placeholder or text.
Every function here runs in time linear in its input.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Context, Decimal
from typing import Final, NamedTuple

# Traditional → simplified, for the characters that occur in the labels,
# titles and headings the parser reads (report mirrors convert whole pages).
_TRAD: Final = (
    "規规範范檔档項项條条數数開开處处許许罰罚強强業业費费採采購购總总額额資资務务關关機机織织組组會会"
    "請请護护權权內内過过執执詢询現现補补確确認认複复審审結结轉转辦办維维糾纠訴诉經经議议訟讼發发廢废"
    "計计門门對对來来報报舉举訪访類类與与萬万單单區区鎮镇縣县廳厅號号於于屬属險险穩稳國国製制後后無无"
    "當当復复獲获書书應应決决徵征準准統统歲岁個个動动蒐搜訊讯礎础產产歷历據据將将況况員员進进戶户營营"
    "衛卫醫医學学農农環环態态質质監监謂谓問问題题專专實实級级領领導导負负責责節节檢检測测價价稅税聯联"
    "網网絡络紙纸識识亂乱頁页錄录臺台這这為为並并雙双術术邊边億亿兩两嚴严幾几隊队齊齐師师見见視视覽览"
    "觀观讓让說说訂订記记設设証证評评詳详誌志課课調调談谈論论諮咨貨货賦赋車车軍军運运違违遞递鄉乡鐘钟"
    "長长間间閱阅陽阳陸陆隨随雜杂電电頒颁頭头顧顾風风飛飞館馆馬马驗验體体點点團团圍围圖图園园壇坛備备"
    "證证廣广東东蘭兰樓楼莊庄灣湾澤泽濟济撫抚揚扬歸归漢汉鄭郑龍龙豐丰貴贵贛赣閩闽寧宁衝冲稱称職职"
)
_TRAD_MAP: Final[dict[int, str]] = {ord(_TRAD[i]): _TRAD[i + 1] for i in range(0, len(_TRAD), 2)}
_TRAD_RE: Final = re.compile("[" + _TRAD[0::2] + "]")

# Word-level rewrites applied after the character map (zh-TW wording, typos).
_WORDS: Final = (
    ("檔案", "文件"),
    ("档案", "文件"),
    ("資訊", "信息"),
    ("资讯", "信息"),
    ("钩稽", "勾稽"),
    ("合计", "总计"),
    ("已取信息", "已获取信息"),
    ("本年增减", "本年增/减"),
    ("三安全-稳定", "三安全一稳定"),
)

_QUOTES: Final = str.maketrans("", "", "\"'“”‘’「」『』《》")
_SPACE_RE: Final = re.compile(r"\s+")
# A pinyin gloss inserted in a label: 规(guī)章
_PINYIN_RE: Final = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüA-Z ]+\)")
_DASHES: Final = str.maketrans({"—": "-", "–": "-", "−": "-", "－": "-", "﹣": "-", "―": "-"})
_DASH_RE: Final = re.compile("[—–−－﹣―]")
_QUOTE_RE: Final = re.compile("[\"'“”‘’「」『』《》]")

# Characters NFKC folds into ASCII digits although they are no digits of a
# count: superscripts, subscripts, circled and parenthesised numbers, fractions.
COMPAT_DIGITS: Final = (
    "\u00b2-\u00b3\u00b9\u00bc-\u00be\u2070\u2074-\u2079\u2080-\u2089\u2150-\u215f\u2189\u2460-\u249b"
    "\u24ea\u3251-\u325f\u32b1-\u32cb\u3358-\u3370\u3378-\u3379\u339f-\u33a6\u33a8\u33af\u33e0-\u33fe"
    "\U0001d7ce-\U0001d7ff\U0001f100-\U0001f10a\U0001fbf0-\U0001fbf9"
)
_COMPAT_RE: Final = re.compile(f"[{COMPAT_DIGITS}]")
_FOOTNOTE_TAIL_RE: Final = re.compile(f"(?P<head>.*?)(?P<mark>[{COMPAT_DIGITS}]+)")

MAX_DIGITS: Final = 15
"""The longest run of integer digits read as a count or an amount (a longer one is no number a report holds)."""


# The characters of the Basic Multilingual Plane that NFKC changes.  A text is
# folded run by run of them (much faster than normalising it whole), except
# where a character can compose with its neighbours: combining marks, Hangul
# and half-width kana marks, and anything outside the BMP.
_NFKC_UNSTABLE: Final = (
    "\u00a0\u00a8\u00aa\u00af\u00b2-\u00b5\u00b8-\u00ba\u00bc-\u00be\u0132-\u0133\u013f-\u0140\u0149"
    "\u017f\u01c4-\u01cc\u01f1-\u01f3\u02b0-\u02b8\u02d8-\u02dd\u02e0-\u02e4\u0340-\u0341"
    "\u0343-\u0344\u0374\u037a\u037e\u0384-\u0385\u0387\u03d0-\u03d6\u03f0-\u03f2\u03f4-\u03f5\u03f9"
    "\u0587\u0675-\u0678\u0958-\u095f\u09dc-\u09dd\u09df\u0a33\u0a36\u0a59-\u0a5b\u0a5e\u0b5c-\u0b5d"
    "\u0e33\u0eb3\u0edc-\u0edd\u0f0c\u0f43\u0f4d\u0f52\u0f57\u0f5c\u0f69\u0f73\u0f75-\u0f79\u0f81"
    "\u0f93\u0f9d\u0fa2\u0fa7\u0fac\u0fb9\u10fc\u1d2c-\u1d2e\u1d30-\u1d3a\u1d3c-\u1d4d\u1d4f-\u1d6a"
    "\u1d78\u1d9b-\u1dbf\u1e9a-\u1e9b\u1f71\u1f73\u1f75\u1f77\u1f79\u1f7b\u1f7d\u1fbb\u1fbd-\u1fc1"
    "\u1fc9\u1fcb\u1fcd-\u1fcf\u1fd3\u1fdb\u1fdd-\u1fdf\u1fe3\u1feb\u1fed-\u1fef\u1ff9\u1ffb"
    "\u1ffd-\u1ffe\u2000-\u200a\u2011\u2017\u2024-\u2026\u202f\u2033-\u2034\u2036-\u2037\u203c\u203e"
    "\u2047-\u2049\u2057\u205f\u2070-\u2071\u2074-\u208e\u2090-\u209c\u20a8\u2100-\u2103\u2105-\u2107"
    "\u2109-\u2113\u2115-\u2116\u2119-\u211d\u2120-\u2122\u2124\u2126\u2128\u212a-\u212d\u212f-\u2131"
    "\u2133-\u2139\u213b-\u2140\u2145-\u2149\u2150-\u217f\u2189\u222c-\u222d\u222f-\u2230"
    "\u2329-\u232a\u2460-\u24ea\u2a0c\u2a74-\u2a76\u2adc\u2c7c-\u2c7d\u2d6f\u2e9f\u2ef3\u2f00-\u2fd5"
    "\u3000\u3036\u3038-\u303a\u309b-\u309c\u309f\u30ff\u3131-\u318e\u3192-\u319f\u3200-\u321e"
    "\u3220-\u3247\u3250-\u327e\u3280-\u33ff\ua69c-\ua69d\ua770\ua7f2-\ua7f4\ua7f8-\ua7f9"
    "\uab5c-\uab5f\uab69\uf900-\ufa0d\ufa10\ufa12\ufa15-\ufa1e\ufa20\ufa22\ufa25-\ufa26\ufa2a-\ufa6d"
    "\ufa70-\ufad9\ufb00-\ufb06\ufb13-\ufb17\ufb1d\ufb1f-\ufb36\ufb38-\ufb3c\ufb3e\ufb40-\ufb41"
    "\ufb43-\ufb44\ufb46-\ufbb1\ufbd3-\ufd3d\ufd50-\ufd8f\ufd92-\ufdc7\ufdf0-\ufdfc\ufe10-\ufe19"
    "\ufe30-\ufe44\ufe47-\ufe52\ufe54-\ufe66\ufe68-\ufe6b\ufe70-\ufe72\ufe74\ufe76-\ufefc"
    "\uff01-\uffbe\uffc2-\uffc7\uffca-\uffcf\uffd2-\uffd7\uffda-\uffdc\uffe0-\uffe6\uffe8-\uffee"
)
_UNSTABLE_RE: Final = re.compile(f"[{_NFKC_UNSTABLE}]+")
_COMPOSING_RE: Final = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0900-\u0dff\u1100-\u11ff"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u3099-\u309c\uac00-\ud7ff\ufe20-\ufe2f\uff9e\uff9f"
    "\uffa0-\uffdc\U00010000-\U0010ffff]"
)


def _fold(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", m.group())


def nfkc(text: str) -> str:
    """Full width to half width, compatibility forms folded (NFKC)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    if len(text) < 256 or _COMPOSING_RE.search(text) is not None:
        return unicodedata.normalize("NFKC", text)
    return _UNSTABLE_RE.sub(_fold, text)


def to_simplified(text: str) -> str:
    """Map the traditional characters of the label vocabulary to simplified ones."""
    if _TRAD_RE.search(text) is None:
        return text
    return text.translate(_TRAD_MAP)


def norm_label(text: str) -> str:
    """The matching form of a printed label (see module docstring)."""
    if len(text) <= 64:
        return _norm_label_cached(text)
    return _norm_label(text)


def _norm_label(text: str) -> str:
    s = to_simplified(nfkc(text))
    if _DASH_RE.search(s) is not None:
        s = s.translate(_DASHES)
    if "(" in s:
        s = _PINYIN_RE.sub("", s)
    s = _SPACE_RE.sub("", s)
    if _QUOTE_RE.search(s) is not None:
        s = s.translate(_QUOTES)
    for a, b in _WORDS:
        if a in s:
            s = s.replace(a, b)
    return s


_norm_label_cached = functools.lru_cache(maxsize=8192)(_norm_label)

_OPEN_TAIL_RE: Final = re.compile(r"\([^()]*$")
_CLOSE_HEAD_RE: Final = re.compile(r"^[^()]*\)")


def paren_pairs(s: str) -> dict[int, int]:
    """Index of each '(' → index after its matching ')' (balanced pairs only), in one pass."""
    stack: list[int] = []
    out: dict[int, int] = {}
    for i, c in enumerate(s):
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            out[stack.pop()] = i + 1
    return out


def strip_parens(s: str) -> str:
    """Drop parenthesised notes from a normalised label, nested ones and ones split over cells too."""
    if "(" not in s and ")" not in s:
        return s
    pairs = paren_pairs(s)
    if pairs:
        keep: list[str] = []
        i, n = 0, len(s)
        while i < n:
            j = pairs.get(i)
            if j is None:
                keep.append(s[i])
                i += 1
            else:
                i = j
        s = "".join(keep)
    return _CLOSE_HEAD_RE.sub("", _OPEN_TAIL_RE.sub("", s))


_PROSE_RE: Final = re.compile(r"[。，,；;！？!?]")


def is_label_like(norm: str) -> bool:
    """True when a normalised cell could be (part of) a table label rather than prose."""
    core = strip_parens(norm)
    return len(core) <= 45 and not _PROSE_RE.search(core)


# ---------------------------------------------------------------- numbers

_NUM_RE: Final = re.compile(
    r"(?P<sign>[+-])?\s*(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?:\s*(?P<unit>万元|亿元|元|件|个|项|条|次|宗|人次))?",
    re.ASCII,
)
_PLACEHOLDER_RE: Final = re.compile(r"-+|/+|\\+|_+|~+|无|空|null|NULL|N/A|n/a|\*+|×|x|X")
_PAGE_RE: Final = re.compile(r"-\d{1,3}-|第\d{1,3}页(共\d{1,3}页)?|\d{1,3}/\d{1,3}|page\d{1,3}", re.I)

MONEY_UNITS: Final[dict[str, Decimal]] = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
EXACT: Final = Context(prec=200, Emin=-999999, Emax=999999, traps=[])
"""A decimal context that neither rounds a number a cell can hold nor raises."""


class Number(NamedTuple):
    """A number printed in a cell: its decimal value, sign and unit as printed.

    ``footnote`` is the footnote mark printed after it (``5²``), ``""`` when
    none; ``too_long`` says the integer part has more than ``MAX_DIGITS`` digits.
    """

    value: Decimal
    signed: bool
    unit: str | None
    whole: bool
    footnote: str = ""
    too_long: bool = False


def compact(text: str) -> str:
    """NFKC, dashes unified and all white space removed: the form numbers are read in."""
    return _SPACE_RE.sub("", nfkc(text).translate(_DASHES))


def read_number(text: str) -> Number | None:
    """The number a cell holds, or None when it is not exactly one number.

    White space may stand around the number, after its sign and before its
    unit, never between digits: "12 34" is two numbers, not 1234.  A footnote
    mark after the number (``5²``, ``5①``) is kept apart, never read as a digit.
    """
    s = text.strip()
    if not s or len(s) > 40:
        return None
    mark = ""
    if not s.isascii():
        if _COMPAT_RE.search(s) is not None:
            m = _FOOTNOTE_TAIL_RE.fullmatch(s)
            if m is None or _COMPAT_RE.search(m["head"]) is not None or not m["head"].strip():
                return None
            s, mark = m["head"].strip(), m["mark"]
        s = nfkc(s).translate(_DASHES).strip()
    m = _NUM_RE.fullmatch(s)
    if m is None:
        return None
    digits = m["int"].replace(",", "")
    frac = m["frac"]
    value = Decimal(f"{digits}.{frac}") if frac else Decimal(digits)
    if m["sign"] == "-":
        value = -value
    too_long = len(digits) > MAX_DIGITS
    return Number(value, m["sign"] is not None, m["unit"], frac is None, mark, too_long)


def is_placeholder(text: str) -> bool:
    """True for the cells that stand for 'nothing here': —, -, /, 无 …"""
    return len(text) <= 12 and _PLACEHOLDER_RE.fullmatch(compact(text)) is not None


def is_page_furniture(text: str) -> bool:
    """True for page numbers left between rows by a PDF viewer ("- 3 -", "第3页")."""
    return len(text) <= 24 and _PAGE_RE.fullmatch(compact(text)) is not None


_UNIT_RE: Final = re.compile(r"单位[:：]?(万元|亿元|元)|\((万元|亿元|元)\)")


def unit_in(norm: str) -> str | None:
    """The money unit a header declares: "采购总金额(单位:万元)", "采购总金额(万元)", or the unit in
    parentheses on a line of its own where the header was broken over lines ("(万元)") → "万元"."""
    m = _UNIT_RE.search(norm)
    return (m.group(1) or m.group(2)) if m else None


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """``value`` in ``unit`` as yuan, exactly: no digit lost, whole amounts without decimals."""
    v = EXACT.multiply(value, MONEY_UNITS[unit])
    if v == EXACT.to_integral_value(v):
        v = EXACT.quantize(v, Decimal(1))
    return v
