import io
from datetime import datetime

import pytest
import xlsxwriter

from petitions.ingest.errors import UnreadableFile
from tests.tests_support import read_rows

HEADER = ["登记编号", "来访日期", "信访人", "访别", "人数", "去向", "问题类别"]
ROW_A = ["XF001", "2017-06-09", "张三", "个人访", "2", "来市", "城建"]
ROW_B = ["XF002", "2017/6/10", "李四", "集访", "５人", "进京", "国土"]


def csv_bytes(lines: list[list[str]], encoding: str) -> bytes:
    return "\n".join(",".join(cells) for cells in lines).encode(encoding)


def xlsx_bytes(lines: list[list[object]], start_row: int = 0) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for r, cells in enumerate(lines):
        for c, v in enumerate(cells):
            if isinstance(v, datetime):
                ws.write_datetime(start_row + r, c, v, wb.add_format({"num_format": "yyyy-mm-dd"}))
            elif isinstance(v, int):
                ws.write_number(start_row + r, c, v)
            elif v not in (None, ""):
                ws.write_string(start_row + r, c, v)
    wb.close()
    return buf.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_are_detected(ref, encoding):
    rows = read_rows(csv_bytes([HEADER, ROW_A, ROW_B], encoding), "csv", "register", ref)
    assert rows["petitioner_name"].to_list() == ["张三", "李四"]
    assert rows["row_number"].to_list() == [2, 3]


def test_title_lines_blank_rows_and_total_row_keep_visible_row_numbers(ref):
    lines = [["鼓楼区2017年6月来访登记台账"], [], HEADER, ROW_A, [], ROW_B, [], ["合计", "2批"], ["  总计 "]]
    rows = read_rows(csv_bytes(lines, "gbk"), "csv", "register", ref)
    assert rows["row_number"].to_list() == [4, 6]
    assert rows["case_id"].to_list() == ["XF001", "XF002"]


def test_synonyms_any_order_and_unknown_columns(ref):
    header = ["备注", "人数", "姓名", "信访件编号", "序号", "上访层级", "来访时间", "来访类型", "内容分类"]
    row = ["无", "3", "王五", "xf009", "1", "到省", "2017年6月1日", "个人", "教育"]
    rows = read_rows(csv_bytes([header, row], "utf-8"), "csv", "register", ref)
    assert rows.select("case_id", "visit_date", "persons", "level", "visit_kind", "category").row(0) == (
        "xf009", "2017年6月1日", "3", "到省", "个人", "教育")
    assert rows["id_number"].to_list() == [None]


def test_xlsx_first_sheet_with_title_date_cells_and_serials(ref):
    lines = [["尉氏县2017年6月来访登记台账"], [], HEADER,
             ["XF001", datetime(2017, 6, 9), "张三", "个人访", 2, "来市", "城建"],
             ["XF002", 42896, "李四", "集体访", 5, "赴京", "国土"], [], ["合计", 2]]
    rows = read_rows(xlsx_bytes(lines, start_row=1), "xlsx", "register", ref)
    assert rows["row_number"].to_list() == [5, 6]
    assert rows["persons"].to_list() == ["2", "5"]
    assert rows["visit_date"].str.slice(0, 10).to_list()[0] == "2017-06-09"
    assert rows["visit_date"].to_list()[1] == "42896"


def test_missing_required_header_rejects_the_file_naming_the_column(ref):
    header = [h for h in HEADER if h != "人数"]
    with pytest.raises(UnreadableFile, match="人数"):
        read_rows(csv_bytes([header, ROW_A[:4] + ROW_A[5:]], "utf-8"), "csv", "register", ref)


def test_system_file_needs_entry_date(ref):
    with pytest.raises(UnreadableFile, match="录入日期"):
        read_rows(csv_bytes([HEADER, ROW_A], "utf-8"), "csv", "system", ref)


def test_unknown_header_set_is_rejected(ref):
    with pytest.raises(UnreadableFile, match="no header row"):
        read_rows(csv_bytes([["CaseNo", "Date"], ["A1", "2016-02-01"]], "utf-8"), "csv", "register", ref)


def test_corrupt_xlsx_is_rejected(ref):
    with pytest.raises(UnreadableFile, match="XLSX"):
        read_rows(b"PK\x03\x04 broken", "xlsx", "register", ref)


def test_binary_garbage_is_not_text(ref):
    with pytest.raises(UnreadableFile):
        read_rows(bytes(range(128, 256)) * 4, "csv", "register", ref)


def test_header_only_file_has_no_rows(ref):
    assert read_rows(csv_bytes([HEADER], "utf-8"), "csv", "register", ref).height == 0


def test_full_width_spaces_and_padding_are_trimmed(ref):
    row = ["\u3000XF001 ", " 2017-06-09", "张三", " 个人访\u3000", "2", "来市", "城建"]
    rows = read_rows(csv_bytes([HEADER, row], "utf-8"), "csv", "register", ref)
    assert rows.select("case_id", "visit_date", "visit_kind").row(0) == ("XF001", "2017-06-09", "个人访")
