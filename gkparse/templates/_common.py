"""Tables and relations both national templates share: 三、依申请 (but for its 其他处理 rows) and 四、复议诉讼."""

from __future__ import annotations

from typing import Final

from gkparse.templates._spec import Column, Relation, Row, TableSpec

P: Final = r"[、,.]?"  # an optional enumerator punctuation inside a wording

REQUEST_COLUMNS: Final = (
    Column("natural_person", "自然人"),
    Column("commercial_enterprise", "法人或其他组织·商业企业"),
    Column("research_institution", "法人或其他组织·科研机构"),
    Column("social_welfare_org", "法人或其他组织·社会公益组织"),
    Column("legal_service_org", "法人或其他组织·法律服务机构"),
    Column("other_org", "法人或其他组织·其他"),
    Column("total", "总计"),
)
_RC: Final = tuple(c.key for c in REQUEST_COLUMNS)
APPLICANTS: Final = _RC[:-1]


def request_row(key: str, label: str, *wordings: str) -> Row:
    """A row of the requests table: the seven applicant columns."""
    return Row(key, label, _RC, wordings)


REQUESTS_HEAD: Final = (
    request_row("new", "一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
    request_row("carried_over", "二、上年结转政府信息公开申请数量", "上年结转政府信息公开申请数量"),
    request_row("granted", "三、本年度办理结果 （一）予以公开", "予以公开"),
    request_row("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    request_row("denied.state_secret", "（三）不予公开 1.属于国家秘密", "属于国家秘密"),
    request_row("denied.prohibited_by_law", "2.其他法律行政法规禁止公开", "其他法律行政法规禁止公开"),
    request_row("denied.safety_stability", "3.危及“三安全一稳定”", "危及三安全一稳定"),
    request_row("denied.third_party_rights", "4.保护第三方合法权益", "保护第三方合法权益"),
    request_row("denied.internal_affairs", "5.属于三类内部事务信息", "属于三类内部事务信息"),
    request_row("denied.process_info", "6.属于四类过程性信息", "属于四类过程性信息"),
    request_row("denied.enforcement_files", "7.属于行政执法案卷", "属于行政执法案卷"),
    request_row("denied.inquiry_matters", "8.属于行政查询事项", "属于行政查询事项"),
    request_row("unable.not_held", "（四）无法提供 1.本机关不掌握相关政府信息", "本机关不掌握相关政府信息"),
    request_row("unable.needs_creation", "2.没有现成信息需要另行制作", "没有现成信息需要另行制作"),
    request_row("unable.unclear", "3.补正后申请内容仍不明确", "补正后申请内容仍不明确"),
    request_row("not_processed.complaint", "（五）不予处理 1.信访举报投诉类申请", "信访举报投诉类申请"),
    request_row("not_processed.duplicate", "2.重复申请", "重复申请"),
    request_row("not_processed.publication", "3.要求提供公开出版物", "要求提供公开出版物"),
    request_row("not_processed.excessive", "4.无正当理由大量反复申请", "无正当理由大量反复申请"),
    request_row(
        "not_processed.confirm_or_reissue",
        "5.要求行政机关确认或重新出具已获取信息",
        "要求行政机关确认或重新出具已获取信息",
    ),
)
REQUESTS_TAIL: Final = (
    request_row("total", "（七）总计", r"(?:\(七\)|七[、.])总计"),
    request_row("carried_forward", "四、结转下年度继续办理", "结转下年度继续办理"),
)
REQUESTS_GROUPS: Final = ("本年度办理结果", "不予公开", "无法提供", "不予处理")


def requests_table(other_rows: tuple[Row, ...], groups: tuple[str, ...] = ()) -> TableSpec:
    """三、收到和处理政府信息公开申请情况, with a template's （六）其他处理 rows."""
    return TableSpec(
        name="requests",
        title="三、收到和处理政府信息公开申请情况",
        headings=("收到和处理政府信息公开申请情况",),
        columns=REQUEST_COLUMNS,
        rows=(*REQUESTS_HEAD, *other_rows, *REQUESTS_TAIL),
        headers=("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构"),
        groups=(*REQUESTS_GROUPS, *groups),
        total="total",
        carry=("carried_forward", "carried_over"),
    )


NARRATIVE: Final = ("requests.new.total", "requests.carried_over.total")
"""The prose states the applications received (本年新收), at times with those carried over added."""


APPEAL_COLUMNS: Final = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
_AC: Final = tuple(c.key for c in APPEAL_COLUMNS)

APPEALS: Final = TableSpec(
    name="appeals",
    title="四、政府信息公开行政复议、行政诉讼情况",
    headings=("政府信息公开行政复议" + P + "行政诉讼情况",),
    columns=APPEAL_COLUMNS,
    rows=(
        Row("review", "行政复议", _AC, ("行政复议",)),
        Row("litigation_direct", "行政诉讼 · 未经复议直接起诉", _AC, ("未经复议直接起诉",)),
        Row("litigation_after_review", "行政诉讼 · 复议后起诉", _AC, ("复议后起诉",)),
    ),
    headers=("结果维持", "结果纠正", "其他结果", "尚未审结", "行政诉讼"),
    flat=("review", "litigation_direct", "litigation_after_review"),
    total="total",
)

ACTIVE_TITLE: Final = "二、主动公开政府信息情况"
ACTIVE_HEADINGS: Final = ("主动公开政府信息情况",)
ACTIVE_HEADERS: Final = ("信息内容", r"第二十条第\([一二三四五六七八九十]{1,3}\)项")


def relations(other: tuple[str, ...], other_text: str) -> tuple[Relation, ...]:
    """The relations of the requests and appeals tables (invariants 1–4), with a template's 其他处理 rows."""
    applicant_sum = "total = " + " + ".join(APPLICANTS)
    return (
        Relation(
            "requests.flow",
            "new + carried_over = total + carried_forward",
            "requests",
            "columns",
            ("new", "carried_over"),
            ("total", "carried_forward"),
        ),
        Relation(
            "requests.results",
            f"total = granted + partially_granted + Σ denied.* + Σ unable.* + Σ not_processed.* + {other_text}",
            "requests",
            "columns",
            ("total",),
            ("granted", "partially_granted", "denied.*", "unable.*", "not_processed.*", *other),
        ),
        Relation("requests.row_total", applicant_sum, "requests", "rows", ("total",), APPLICANTS),
        Relation(
            "appeals.row_total", "total = upheld + corrected + other + pending", "appeals", "rows", ("total",), _AC[:4]
        ),
    )
