"""The warehouse contract (§8) as one SQLAlchemy ``MetaData``; each table documents its grain.

``marts`` and ``quality`` are BI-facing and hold no personal data; ``staging`` keeps the
per-side case records the facts were built from (also without personal data). ``restricted``
holds the contact details needed to follow a case up, readable only by the operator role.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "pk": "pk_%(table_name)s",
}
SCHEMAS = ("staging", "marts", "quality", "restricted")
BI_SCHEMAS = ("marts", "quality")
metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


@compiles(sa.PrimaryKeyConstraint, "duckdb")
def _no_primary_key_index(constraint: sa.PrimaryKeyConstraint, compiler, **kw) -> None:
    """DuckDB keeps a primary key as an ART index built on every insert: 10 M facts took 27 s to write
    with it, 10.5 s without. The grain is enforced before the release instead (the blocking check
    ``fact_visit_has_one_row_per_case``), and the snapshot BI tools open never had constraints.
    PostgreSQL keeps the key, which BI tools read."""
    return None


S, D, N, B = sa.String, sa.Date, sa.BigInteger, sa.Boolean  # text, date, number, boolean


def F() -> sa.Numeric:
    """Percentages: exact one-decimal numbers, as the report prints them."""
    return sa.Numeric(8, 1, asdecimal=True)


def _c(name: str, type_: type, comment: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, type_(), nullable=nullable, comment=comment)


def _table(schema: str, name: str, grain: str, *columns: sa.Column) -> sa.Table:
    return sa.Table(name, metadata, *columns, schema=schema, comment=f"粒度 grain: {grain}", info={"grain": grain})


CASE_ID = ("case_id", S, "登记编号")
COUNTY = ("county_code", S, "县区代码")
VISIT_DATE = ("visit_date", D, "来访日期")
FILE_ROW = (("source_file", S, "来源文件"), ("row_number", N, "文件中的行号(打开文件时所见)"))

stg_case_records = _table(
    "staging", "stg_case_records", "one case on one side (register or system), after de-duplication",
    _c("kind", S, "来源: register 登记台账 / system 系统导出"), _c(*COUNTY), _c(*CASE_ID),
    *[_c(*x) for x in FILE_ROW], _c(*VISIT_DATE), _c("visit_kind", S, "访别"), _c("persons", N, "人数"),
    _c("level", S, "去向"), _c("category", S, "问题类别"), _c("entry_date", D, "录入日期"),
)
fact_visit = _table(
    "marts", "fact_visit", "one visit (distinct county_code × case_id from either source)",
    _c(*CASE_ID, nullable=False), _c(*COUNTY, nullable=False), _c(*VISIT_DATE), _c("level", S, "去向"),
    _c("visit_kind", S, "访别"), _c("persons", N, "人数"), _c("category", S, "问题类别"),
    _c("reception_mode", S, "接待方式"), _c("leader", S, "接待领导(领导参考表中的名称)"), _c("handling", S, "办理方式"),
    _c("accepted_date", D, "受理日期"),
    _c("closed_date", D, "办结日期"), _c("extended", B, "是否延期"),
    _c("petitioner_key", S, "信访人键(身份证号的HMAC)"), _c("in_register", B, "在登记台账中"),
    _c("in_system", B, "在信息系统中"), _c("entry_date", D, "录入日期"), _c("entry_lag_days", N, "录入间隔天数"),
    sa.PrimaryKeyConstraint("county_code", "case_id"),
)
rpt_overdue_cases = _table(
    "marts", "rpt_overdue_cases", "one overdue case as of the run's as-of date",
    _c(*CASE_ID), _c(*COUNTY), _c("accepted_date", D, "受理日期"), _c("due_date", D, "办理期限"),
    _c("closed_date", D, "办结日期"), _c("extended", B, "是否延期"), _c("days_overdue", N, "超期天数"),
)
rpt_repeat_petitioners = _table(
    "marts", "rpt_repeat_petitioners", "one petitioner with two or more visits in the year to date",
    _c("petitioner_key", S, "信访人键"), _c("visits", N, "来访批次"), _c("persons", N, "人数合计"),
    _c("first_visit", D, "首次来访"), _c("last_visit", D, "最近来访"), _c("levels", S, "到达层级"),
    _c("counties", N, "涉及县区数"),
)
unentered_cases = _table(
    "quality", "unentered_cases", "one register case missing from the system past the entry deadline",
    _c(*CASE_ID), _c(*COUNTY), _c(*VISIT_DATE), _c("days_since_visit", N, "距来访天数"),
)
pending_entries = _table(
    "quality", "pending_entries", "one register case not yet in the system but still within the entry deadline",
    _c(*CASE_ID), _c(*COUNTY), _c(*VISIT_DATE), _c("days_since_visit", N, "距来访天数"),
    _c("entry_due_date", D, "应录入日期"),
)
late_entries = _table(
    "quality", "late_entries", "one case entered into the system after the entry deadline",
    _c(*CASE_ID), _c(*COUNTY), _c(*VISIT_DATE), _c("entry_date", D, "录入日期"), _c("entry_lag_days", N, "录入间隔天数"),
)
system_only_cases = _table(
    "quality", "system_only_cases", "one case in the system export but missing from the register",
    _c(*CASE_ID), _c(*COUNTY), _c(*VISIT_DATE),
)
field_mismatches = _table(
    "quality", "field_mismatches", "one case × field whose register and system values differ",
    _c(*CASE_ID), _c(*COUNTY), _c("field", S, "字段"), _c("register_value", S, "登记台账值"),
    _c("system_value", S, "系统值"),
)
duplicate_rows = _table(
    "quality", "duplicate_rows", "one extra row of a case on one side (the kept row is named)",
    *[_c(*x) for x in FILE_ROW], _c(*CASE_ID), _c(*COUNTY), _c("kind", S, "来源"),
    _c("kept_file", S, "保留行的文件"), _c("kept_row_number", N, "保留行的行号"),
)
rejected_rows = _table(
    "quality", "rejected_rows", "one quarantined row",
    *[_c(*x) for x in FILE_ROW], _c(*CASE_ID), _c(*COUNTY), _c("kind", S, "来源"), _c("reason", S, "原因"),
)
rejected_files = _table(
    "quality", "rejected_files", "one file that could not be used", _c("source_file", S, "来源文件"),
    _c("reason", S, "原因"),
)
missing_submissions = _table(
    "quality", "missing_submissions", "one expected county × month × kind with no usable file",
    _c(*COUNTY), _c("month", D, "月份(首日)"), _c("kind", S, "来源"),
)
invalid_ids = _table(
    "quality", "invalid_ids", "one row whose ID number fails the GB 11643 check (the ID itself is not kept)",
    *[_c(*x) for x in FILE_ROW], _c(*CASE_ID), _c(*COUNTY), _c("kind", S, "来源"),
)
invalid_values = _table(
    "quality", "invalid_values", "one accepted row × optional enumeration whose value is not in the reference list "
    "(the field is null in the facts; the value itself is not kept here)",
    *[_c(*x) for x in FILE_ROW], _c(*CASE_ID), _c(*COUNTY), _c("kind", S, "来源"), _c("column", S, "列"),
)
file_lineage = _table(
    "quality", "file_lineage", "one file seen in the landing directory",
    _c("source_file", S, "来源文件"), _c(*COUNTY), _c("month", D, "月份"), _c("kind", S, "来源"),
    _c("version", N, "版本"), _c("sha256", S, "SHA-256"), _c("size_bytes", N, "字节数"),
    _c("status", S, "状态 used/superseded/rejected"), _c("reason", S, "拒收原因"), _c("rows_read", N, "读取行数"),
    _c("rows_accepted", N, "接收行数"), _c("rows_rejected", N, "拒收行数"), _c("rows_duplicate", N, "重复行数"),
)


def _level_kind() -> tuple[sa.Column, ...]:
    return _c("level", S, "去向"), _c("visit_kind", S, "访别")


def _as_of() -> tuple[sa.Column, ...]:
    return _c("as_of", D, "统计截止日期"), _c("period_year", N, "统计年度")

agg_visits_monthly = _table(
    "marts", "agg_visits_monthly", "month × county × level × kind × category",
    _c("month", D, "月份(首日)"), _c(*COUNTY), *_level_kind(), _c("category", S, "问题类别"),
    _c("batches", N, "批次"), _c("persons", N, "人数"),
)
rpt_trend = _table(
    "marts", "rpt_trend", "as_of × level × kind: year to date against the same span last year",
    *_as_of(), *_level_kind(), _c("batches", N, "本期批次"), _c("persons", N, "本期人数"),
    _c("prev_batches", N, "去年同期批次"), _c("prev_persons", N, "去年同期人数"),
    _c("batches_change_pct", F, "批次增减%(去年同期为0时为空)"), _c("persons_change_pct", F, "人数增减%"),
)
rpt_category_share = _table(
    "marts", "rpt_category_share", "as_of × level × kind × category, year to date",
    *_as_of(), *_level_kind(), _c("category", S, "问题类别"), _c("batches", N, "批次"), _c("persons", N, "人数"),
    _c("batch_share_pct", F, "占该去向访别批次%"),
)
rpt_reception = _table(
    "marts", "rpt_reception", "as_of × reception mode (leader and event null), and as_of × leader × named period "
    "of the year to date for 领导接访",
    *_as_of(), _c("reception_mode", S, "接待方式"), _c("leader", S, "接待领导(按领导和重要时段的行)"),
    _c("event", S, "重要时段"), _c("event_order", N, "时段顺序"), _c("batches", N, "批次"), _c("persons", N, "人数"),
)
rpt_large_group_visits = _table(
    "marts", "rpt_large_group_visits", "as_of × level: 集体访 of at least PETITIONS_LARGE_GROUP_MIN persons, year to date",
    _c("as_of", D, "统计截止日期"), _c("level", S, "去向"), _c("batches", N, "规模访批次"), _c("persons", N, "规模访人数"),
)
rpt_repeat_collective = _table(
    "marts", "rpt_repeat_collective", "as_of × petitioner key × visit: keys with two or more 集体访 at 赴京/到省 in the "
    "year to date (no personal data)",
    _c("as_of", D, "统计截止日期"), _c("rank", N, "排名"), _c("petitioner_key", S, "信访人键"), _c(*CASE_ID), _c(*COUNTY),
    _c(*VISIT_DATE), _c("level", S, "去向"), _c("persons", N, "人数"), _c("category", S, "问题类别"),
    _c("first_county", S, "首次来访县区"), _c("first_category", S, "首次来访问题类别"),
)
rpt_county_kpi = _table(
    "marts", "rpt_county_kpi", "as_of × county: handling indicators of the year to date",
    _c("as_of", D, "统计截止日期"), _c(*COUNTY), _c("accepted_on_time", N, "及时受理数"), _c("acceptance_due", N, "应受理数"),
    _c("timely_acceptance_pct", F, "及时受理率%"), _c("closed_on_time", N, "按期办结数"), _c("closure_due", N, "应办结数"),
    _c("on_time_closure_pct", F, "按期办结率%"),
)
rpt_entry_timeliness = _table(
    "marts", "rpt_entry_timeliness", "as_of × county: 未录入 and 录入不及时 cases the quality tables hold",
    _c("as_of", D, "统计截止日期"), _c(*COUNTY), _c("unentered", N, "未录入"), _c("late", N, "录入不及时"),
)
county_scorecard = _table(
    "quality", "county_scorecard", "county × month (visit month for cases, file month for rows and files)",
    _c(*COUNTY), _c("month", D, "月份(首日)"), _c("visits", N, "来访批次"), _c("unentered", N, "未录入"),
    _c("late", N, "录入不及时"), _c("pending", N, "待录入"), _c("rejected_rows", N, "拒收行"),
    _c("duplicate_rows", N, "重复行"), _c("missing_submissions", N, "缺报文件数"),
    _c("entry_timeliness_pct", F, "及时录入率%"),
)


petitioner_contacts = _table(
    "restricted", "petitioner_contacts", "one visit: who to contact about it (personal data, operator role only)",
    _c(*COUNTY), _c(*CASE_ID), _c("kind", S, "取自 register / system"), _c("petitioner_name", S, "信访人"),
    _c("id_number", S, "身份证号"), _c("phone", S, "联系电话"),
)
rejected_row_values = _table(
    "restricted", "rejected_row_values", "one non-empty cell of a rejected row, as read (may hold personal data)",
    *[_c(*x) for x in FILE_ROW], _c("column", S, "字段"), _c("value", S, "原值"),
)

# dimensions and history live in their own modules, on this same MetaData
from warehouse import schema_dims, schema_history  # noqa: E402,F401
