"""A landing directory of hostile inputs, each with what a correct run must say about it.

Every case lives in its own county × month, so its outcome is independent of the others; each
carries personal data (names, ID numbers, phones) that must surface in ``restricted`` only.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests_support import xlsx_of

WEIGHTS, CHECK = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), "10X98765432"


def resident_id(serial: int) -> str:
    body = f"41020219800101{serial:03d}"
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


PEOPLE = [(f"测试{chr(0x7532 + i)}{chr(0x4e59 + i)}", resident_id(100 + i), f"139{i:08d}") for i in range(40)]
HEADER = ["登记编号", "来访日期", "信访人", "身份证号", "联系电话", "访别", "人数", "去向", "问题类别", "诉求摘要"]
SYSTEM_HEADER = ["登记编号", "来访日期", "信访人", "身份证号", "访别", "人数", "去向", "问题类别", "录入日期"]
COUNTIES = ["410202", "410203", "410204", "410205", "410212", "410221", "410222", "410223", "410225", "410290"]


def row(n: int, month: str, person: int = 0, **over: str) -> list[str]:
    name, id_number, phone = PEOPLE[person % len(PEOPLE)]
    cells = {"登记编号": f"H{month.replace('-', '')}{n:03d}", "来访日期": f"{month}-{n % 27 + 1:02d}", "信访人": name,
             "身份证号": id_number, "联系电话": phone, "访别": "个人访", "人数": "2", "去向": "来市",
             "问题类别": "城建", "诉求摘要": "反映问题"} | over
    return [cells[h] for h in HEADER]


def csv_text(lines: list[list[str]], newline: str = "\n") -> str:
    return newline.join(",".join(cells) for cells in lines) + newline


def good_rows(month: str, count: int = 3, person: int = 0) -> list[list[str]]:
    return [row(i, month, person + i) for i in range(1, count + 1)]


@dataclass
class Case:
    """One landing entry (or a few) and what lineage must say about the one named ``entry``."""

    key: str
    entry: str
    build: Callable[[Path], None]
    status: str
    reason: str | None = None
    rows_read: int | None = None


def _write(name: str, content: str | bytes) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with open(os.path.join(os.fsencode(folder), os.fsencode(name)), "wb") as fh:
            fh.write(data)
    return build


def _bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", "<row/>" * (40 * 1024 * 1024 // 6))
    return buf.getvalue()


def _slot(i: int) -> tuple[str, str]:
    """A distinct county and month for case ``i`` (2015-01 onwards)."""
    county, month = COUNTIES[i % len(COUNTIES)], 2015 * 12 + i // len(COUNTIES)
    return county, f"{month // 12}-{month % 12 + 1:02d}"


def cases() -> list[Case]:
    found: list[Case] = []

    def add(key: str, suffix: str, content: object, status: str, reason: str | None = None,
            rows_read: int | None = None, name: str | None = None) -> None:
        county, month = _slot(len(found))
        entry = name.format(c=county, m=month) if name else f"{county}_{month}_{suffix}"
        body = content(month) if callable(content) else content
        found.append(Case(key, entry, _write(entry, body), status, reason, rows_read))

    g = lambda m: csv_text([HEADER, *good_rows(m)])  # noqa: E731
    add("plain_good_file", "register.csv", g, "used", rows_read=3)
    add("upper_case_extension", "register.CSV", g, "used", rows_read=3)
    add("crlf_line_endings", "register.csv", lambda m: csv_text([HEADER, *good_rows(m)], "\r\n"), "used", rows_read=3)
    add("cr_only_line_endings", "register.csv", lambda m: csv_text([HEADER, *good_rows(m)], "\r"), "used", rows_read=3)
    add("bom_and_gbk_free", "register.csv", lambda m: b"\xef\xbb\xbf" + g(m).encode(), "used", rows_read=3)
    add("gbk_file", "register.csv", lambda m: g(m).encode("gbk"), "used", rows_read=3)
    add("utf8_file_with_one_gbk_line", "register.csv", lambda m: (
        csv_text([HEADER, *good_rows(m)]).encode() + ",".join(row(9, m, 5)).encode("gbk") + b"\n"), "used", rows_read=4)
    add("quote_inside_a_cell", "register.csv", lambda m: csv_text(
        [HEADER, row(1, m, 1, 诉求摘要='他说"不公"'), *good_rows(m)[1:]]), "used", rows_read=3)
    add("quoted_cell_with_newline", "register.csv", lambda m: csv_text(
        [HEADER, row(1, m, 2, 诉求摘要='"第一行\n第二行"'), *good_rows(m)[1:]]), "used", rows_read=3)
    add("unbalanced_quote", "register.csv", lambda m: csv_text(
        [HEADER, row(1, m, 3), row(2, m, 4, 诉求摘要='"没有结束'), row(3, m, 5)]), "rejected", "line 3: a quoted field opens")
    add("cell_longer_than_128k", "register.csv", lambda m: csv_text(
        [HEADER, row(1, m, 6), row(2, m, 7, 诉求摘要="长" * 50_000)]), "rejected", "line 3: a cell is longer than")
    add("ragged_rows", "register.csv", lambda m: csv_text(
        [HEADER, row(1, m, 8) + ["多余", "单元格"], row(2, m, 9)[:6]]), "used", rows_read=2)
    add("empty_file", "register.csv", "", "rejected", "no header row")
    add("header_only", "register.csv", csv_text([HEADER]), "used", rows_read=0)
    add("random_bytes", "register.csv", bytes(range(256)) * 8, "rejected", "")
    add("title_rows_push_header_out_of_reach", "register.csv", lambda m: csv_text(
        [["标题"]] * 31 + [HEADER, *good_rows(m)]), "rejected", "no header row found in the first 30 rows")
    add("header_lacks_required_column", "register.csv", lambda m: csv_text(
        [[h for h in HEADER if h != "人数"], *[r[:6] + r[7:] for r in good_rows(m)]]), "rejected", "lacks required column(s) 人数")
    add("two_canonical_persons_columns", "register.csv", lambda m: csv_text(
        [HEADER + ["人数"], *[r + ["3"] for r in good_rows(m)]]), "rejected", "two columns map to 人数 (persons): G and K")
    add("two_case_id_synonyms_no_canonical", "register.csv", lambda m: csv_text(
        [["信访件编号", "编号", *HEADER[1:]], *[[r[0], "1", *r[1:]] for r in good_rows(m)]]), "rejected",
        "two columns map to 登记编号 (case_id): A and B")
    add("serial_number_column_beside_case_id", "register.csv", lambda m: csv_text(
        [["编号", *HEADER], *[[str(i), *r] for i, r in enumerate(good_rows(m))]]), "used", rows_read=3)
    add("synonym_persons_before_real_one", "register.csv", lambda m: csv_text(
        [["来访人数", *HEADER], *[["9999", *r] for r in good_rows(m)]]), "used", rows_read=3)
    add("xlsx_good", "register.xlsx", lambda m: xlsx_of([HEADER, *good_rows(m)]), "used", rows_read=3)
    add("xlsx_corrupt", "register.xlsx", b"PK\x03\x04 not really", "rejected", "not a readable XLSX")
    add("csv_named_xlsx", "register.xlsx", g, "rejected", "not a zip archive")
    add("xlsx_named_csv", "register.csv", lambda m: xlsx_of([HEADER, *good_rows(m)]), "rejected", "")
    add("xlsx_bomb", "register.xlsx", _bomb(), "rejected", "would inflate")
    add("hidden_file", "", g, "rejected", "hidden file", name=".{c}_{m}_register.csv")
    add("office_lock_file", "", "lock", "rejected", "hidden file", name=".~lock.{c}_{m}_register.csv#")
    add("full_width_year_look_alike", "", g, "rejected", "non-ASCII", name="{c}_２０１７-05_register.csv")
    add("trailing_space_in_name", "", g, "rejected", "spaces or control", name="{c}_{m}_register.csv ")
    add("trailing_newline_in_name", "", g, "rejected", "spaces or control", name="{c}_{m}_register.csv\n")
    add("percent_encoded_slash", "", g, "rejected", "does not match", name="{c}_{m}%2Fregister.csv")
    add("dot_dot_in_name", "", g, "rejected", "does not match", name="{c}_{m}_register..csv")
    add("undecodable_bytes_in_name", "", g, "rejected", "non-ASCII", name="{c}_{m}_register\udcff.csv")
    add("unknown_county", "", g, "rejected", "county reference", name="410299_{m}_register.csv")
    add("month_thirteen", "", g, "rejected", "calendar month", name="{c}_2017-13_register.csv")
    add("version_one_suffix", "", g, "rejected", "2 or higher", name="{c}_{m}_register_v1.csv")
    add("upper_case_kind", "", g, "rejected", "lower-case", name="{c}_{m}_REGISTER.csv")
    add("text_extension", "", g, "rejected", "does not match", name="{c}_{m}_register.txt")
    add("month_before_first_partition", "", g, "rejected", "outside the configured months", name="{c}_2009-12_register.csv")
    return found + _special_entries(len(found)) + _row_cases(len(found) + 8)


def _special_entries(start: int) -> list[Case]:
    """Directories, pipes, links and clashes: entries that are not one plain file."""
    out: list[Case] = []
    c, m = _slot(start)

    def directory(folder: Path, n=f"{c}_{m}_register.csv") -> None:
        (folder / n).mkdir()
        (folder / n / "inside.csv").write_text("x")
    out.append(Case("directory_named_like_a_file", f"{c}_{m}_register.csv", directory, "rejected", "a directory"))
    c, m = _slot(start + 1)
    out.append(Case("named_pipe", f"{c}_{m}_register.csv", lambda f, n=f"{c}_{m}_register.csv": os.mkfifo(f / n),
                    "rejected", "not a regular file"))
    c, m = _slot(start + 2)
    out.append(Case("dangling_link", f"{c}_{m}_register.csv",
                    lambda f, n=f"{c}_{m}_register.csv": os.symlink("/nonexistent/file.csv", f / n), "rejected", "symbolic link"))
    c, m = _slot(start + 3)

    def outside(folder: Path, n=f"{c}_{m}_register.csv", month=m) -> None:
        target = folder.parent / "outside.csv"
        target.write_text(csv_text([HEADER, *good_rows(month)]), encoding="utf-8")
        os.symlink(target, folder / n)
    out.append(Case("link_out_of_the_landing_directory", f"{c}_{m}_register.csv", outside, "rejected", "symbolic link"))
    c, m = _slot(start + 4)
    real, look = f"{c}_{m}_register.csv", f"{c}_{m}_register_v2.csv"

    def clash(folder: Path, month=m, real=real, look=look) -> None:
        _write(real, csv_text([HEADER, *good_rows(month)]))(folder)
        _write(look, csv_text([HEADER, *good_rows(month)]))(folder)
        _write(look.replace(".csv", ".xlsx"), xlsx_of([HEADER, *good_rows(month)]))(folder)
    out.append(Case("csv_and_xlsx_of_the_same_version", look, clash, "rejected", "same county, month, kind and version"))
    out.append(Case("lower_version_used_after_a_clash", real, lambda folder: None, "used", rows_read=3))
    c, m = _slot(start + 5)

    def superseded(folder: Path, month=m, c=c) -> None:
        _write(f"{c}_{month}_register.csv", csv_text([HEADER, *good_rows(month)]))(folder)
        _write(f"{c}_{month}_register_v2.csv", csv_text([HEADER, *good_rows(month, 4)]))(folder)
        _write(f"{c}_{month}_register_v3.xlsx", b"PK\x03\x04 broken")(folder)
    out.append(Case("broken_v3_falls_back_to_v2", f"{c}_{m}_register_v2.csv", superseded, "used", rows_read=4))
    out.append(Case("v1_superseded_by_v2", f"{c}_{m}_register.csv", lambda folder: None, "superseded"))
    return out


def _row_cases(start: int) -> list[Case]:
    """Files that are read, with one hostile row each: the row is quarantined or counted, never lost."""
    specs = [
        ("persons_fifty_thousand", {"人数": "50000", "访别": "集体访"}),
        ("row_shifted_by_one_cell", None),
        ("visit_in_1900", {"来访日期": "1900-01-01"}),
        ("reception_mode_markup", {"接待方式": "<img src=x onerror=alert(1)>"}),
        ("handling_free_text", {"办理方式": "测试甲乙说处理不公"}),
        ("extended_maybe", {"是否延期": "也许"}),
        ("case_id_with_trailing_nul", {"登记编号": "NUL001\x00"}),
        ("case_id_with_zero_width_space", {"登记编号": "ZW001\u200b"}),
        ("name_is_backslash_n", {"信访人": "\\N"}),
        ("visit_after_file_month", {"来访日期": "2030-01-01"}),
        ("negative_persons", {"人数": "-3"}),
        ("invalid_id_number", {"身份证号": "410202198001011234"}),
        ("exact_duplicate_row", "dup"),
    ]
    out = []
    extra_headers = ["接待方式", "办理方式", "是否延期"]
    for i, (key, change) in enumerate(specs):
        c, m = _slot(start + i)
        base = good_rows(m, 3, person=10 + i)
        rows = [r + ["", "", ""] for r in base]
        if change == "dup":
            rows.append(list(rows[0]))
        elif change is None:
            rows[1] = rows[1][:2] + ["", "", ""] + rows[1][2:-3]  # name, ID and phone land in 访别, 人数, 去向
        else:
            cells = dict(zip(HEADER + extra_headers, rows[1])) | change
            rows[1] = [cells[h] for h in HEADER + extra_headers]
        data = csv_text([HEADER + extra_headers, *rows])
        out.append(Case(key, f"{c}_{m}_register.csv", _write(f"{c}_{m}_register.csv", data), "used", rows_read=len(rows)))
    return out


def build_landing(folder: Path) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    all_cases = cases()
    for case in all_cases:
        case.build(folder)
    return all_cases
