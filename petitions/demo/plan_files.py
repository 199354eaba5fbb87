"""Write the planned submissions as files (with resubmissions, gaps and bad files) and fill the manifest."""

from __future__ import annotations

from datetime import date

from petitions.demo.junk import junk_row
from petitions.demo.people import Case
from petitions.demo.plan import P_MISSING, P_RESUBMIT, LandingPlan, Submission, row_of
from petitions.demo.writers import Style, random_style, write_file

CORRUPT_XLSX = b"PK\x03\x04 this is not a complete workbook"


def _file_name(sub: Submission, version: int, ext: str) -> str:
    suffix = f"_v{version}" if version > 1 else ""
    return f"{sub.county}_{sub.month:%Y-%m}_{sub.kind}{suffix}.{ext}"


def _rows(plan: LandingPlan, sub: Submission, junk_seq: list[int]) -> list[dict[str, object]]:
    out = []
    for what, item in sub.rows:
        if what == "junk":
            junk_seq[0] += 1
            out.append(junk_row(str(item), f"JX{junk_seq[0]:06d}", sub.month, sub.kind))
        else:
            out.append(row_of(item, sub.kind))
    return out


def _write(plan: LandingPlan, sub: Submission, style: Style, version: int, rows: list[dict[str, object]]) -> tuple[str, list[int]]:
    name = _file_name(sub, version, "xlsx" if style.fmt == "xlsx" else "csv")
    numbers = write_file(plan.dir / name, rows, style, plan.rng)
    plan.manifest.files_written += 1
    return name, numbers


def _bad_files(plan: LandingPlan, used: dict[str, tuple[Submission, list[int]]]) -> None:
    first, county = plan.months[0], plan.counties[0]
    header = "登记编号,来访日期,信访人,访别,人数,去向,问题类别\nXF1,2023-01-02,某某,个人访,1,来市,其他\n"
    bad = {
        f"{plan.ref.counties[county]}{first.year}年{first.month}月来访台账(最终版).csv": header,
        f"999999_{first:%Y-%m}_register.csv": header,
        f"{county}_{first.year}-13_register.csv": header,
    }
    for name, text in bad.items():
        (plan.dir / name).write_text(text, encoding="utf-8")
        plan.manifest.rejected_files.add(name)
    target = next((s for s, _ in used.values() if s.kind == "system"), None)
    if target:
        name = _file_name(target, 9, "csv")
        (plan.dir / name).write_text("CaseNo,Date,Name,Entered\nA1,2023-01-02,x,2023-01-03\n", encoding="utf-8")
        plan.manifest.rejected_files.add(name)
    plan.manifest.files_written += len(bad) + (1 if target else 0)


def write_submissions(plan: LandingPlan, subs: list[Submission]) -> None:
    rng, manifest, junk_seq = plan.rng, plan.manifest, [0]
    used: dict[str, tuple[Submission, list[int]]] = {}
    for sub in subs:
        if rng.random() < P_MISSING:
            manifest.missing_submissions.add((sub.county, sub.month, sub.kind))
            continue
        title = f"{plan.ref.counties[sub.county]}{sub.month.year}年{sub.month.month}月来访{'登记台账' if sub.kind == 'register' else '系统导出'}"
        style = random_style(sub.kind, plan.ref, rng, title)
        rows = _rows(plan, sub, junk_seq)
        if sub.kind == "register" and len(rows) > 1 and rng.random() < P_RESUBMIT:
            old, _ = _write(plan, Submission(sub.county, sub.month, sub.kind, sub.rows[:-1]), style, 1, rows[:-1])
            manifest.superseded_files.add(old)
            name, numbers = _write(plan, sub, style, 2, rows)
            if rng.random() < 0.3:
                corrupt = plan.dir / _file_name(sub, 3, "xlsx")
                corrupt.write_bytes(CORRUPT_XLSX)
                manifest.rejected_files.add(corrupt.name)
        else:
            name, numbers = _write(plan, sub, style, 1, rows)
        used[name] = (sub, numbers)
    _bad_files(plan, used)
    _record(plan, used)


def _record(plan: LandingPlan, used: dict[str, tuple[Submission, list[int]]]) -> None:
    """Sides, duplicates (winner: latest file month, then lowest row), invalid IDs, rejected rows."""
    manifest = plan.manifest
    seen: dict[tuple[str, str, str], list[tuple[date, int, str, Case]]] = {}
    for name, (sub, numbers) in used.items():
        for (what, item), row in zip(sub.rows, numbers):
            if what == "junk":
                manifest.rejected_rows[(name, row)] = str(item)
                continue
            seen.setdefault((sub.kind, item.county, item.case_id), []).append((sub.month, row, name, item))
            if item.person.id_number and not _valid(item.person.id_number):
                manifest.invalid_id_rows.add((name, row))
    for (kind, county, case_id), rows in seen.items():
        rows.sort(key=lambda r: (-r[0].toordinal(), r[1]))
        (getattr(manifest, kind))[(county, case_id)] = rows[0][3]
        manifest.duplicate_rows.update((r[2], r[1]) for r in rows[1:])


def _valid(id_number: str) -> bool:
    from petitions.demo.people import id_number as make_id

    body = id_number[:17]
    return make_id(body[:6], date(int(body[6:10]), int(body[10:12]), int(body[12:14])), int(body[14:17])) == id_number
