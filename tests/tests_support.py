"""Small builders shared by tests."""

import io

import xlsxwriter


def xlsx_of(rows: list[list[object]]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            ws.write(r, c, value)
    wb.close()
    return buf.getvalue()
