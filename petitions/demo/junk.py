"""Rows that break one rule of contract §5 each; the value says which column the reason must name."""

from __future__ import annotations

from datetime import date, timedelta

JUNK_REGISTER = {
    "missing_case_id": "登记编号", "bad_date": "来访日期", "date_after_month": "来访日期", "persons_zero": "人数",
    "persons_text": "人数", "unknown_kind": "访别", "unknown_level": "去向", "unknown_category": "问题类别",
    "group_too_small": "集体访", "individual_too_big": "个人访",
}
JUNK_SYSTEM = JUNK_REGISTER | {"missing_entry_date": "录入日期", "entry_before_visit": "录入日期"}


def junk_row(reason: str, case_id: str, month: date, kind: str) -> dict[str, object]:
    visit = month + timedelta(days=9)
    row: dict[str, object] = {
        "case_id": case_id, "visit_date": visit, "petitioner_name": "某某", "visit_kind": "个人访", "persons": 1,
        "level": "来市", "category": "其他", "summary": "测试", "entry_date": visit,
    }
    match reason:
        case "missing_case_id": row["case_id"] = ""
        case "bad_date": row["visit_date"] = "2017-13-45"
        case "date_after_month": row["visit_date"] = (month.replace(day=28) + timedelta(days=10))
        case "persons_zero": row["persons"] = 0
        case "persons_text": row["persons"] = "若干"
        case "unknown_kind": row["visit_kind"] = "团体访"
        case "unknown_level": row["level"] = "出国"
        case "unknown_category": row["category"] = "火星类"
        case "group_too_small": row |= {"visit_kind": "集体访", "persons": 3}
        case "individual_too_big": row["persons"] = 6
        case "missing_entry_date": row["entry_date"] = None
        case "entry_before_visit": row["entry_date"] = visit - timedelta(days=3)
    if row.get("entry_date") and isinstance(row["visit_date"], date) and reason != "entry_before_visit":
        row["entry_date"] = max(row["entry_date"], row["visit_date"])
    return row
