"""summary.docx: the same text as summary.md with the trend and category tables, A4, a CJK font named
in the document, for the bureau to paste into its own Word template."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from petitions.reference import KIND_SHORT
from petitions.report.compose import Summary

CJK_FONT, LATIN_FONT = "宋体", "SimSun"
TREND_HEADER = ("去向访别", "本期批次", "本期人数", "去年同期批次", "去年同期人数", "批次增减%", "人数增减%")
CATEGORY_HEADER = ("问题类别", "批次", "人数", "占比%")


def _fonts(document: Document) -> None:
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Table Grid"):
        style = document.styles[name]
        style.font.name = LATIN_FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
    document.styles["Normal"].font.size = Pt(12)


def _a4(document: Document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)


def _table(document: Document, header: tuple[str, ...], rows: list[tuple]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for row in rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = "—" if value is None else (f"{value:.1f}" if isinstance(value, float) else str(value))


def _trend_rows(trend: pl.DataFrame) -> list[tuple]:
    active = trend.filter((pl.col("batches") > 0) | (pl.col("prev_batches") > 0))
    return [(f"{r['level']}{KIND_SHORT[r['visit_kind']]}", r["batches"], r["persons"], r["prev_batches"], r["prev_persons"],
             r["batches_change_pct"], r["persons_change_pct"]) for r in active.iter_rows(named=True)]


def write_docx(summary: Summary, path: Path) -> Path:
    document = Document()
    _fonts(document)
    _a4(document)
    document.add_heading(f"{summary.as_of.year}年信访工作统计（截至{summary.as_of}）", level=1)
    shares = {f"{lv}{KIND_SHORT[k]}": g for (lv, k), g in summary.shares.group_by(["level", "visit_kind"], maintain_order=True)}
    for key, heading, lines in summary.blocks:
        document.add_heading(heading, level=2)
        for line in lines:
            if isinstance(line, tuple):
                document.add_heading(line[0], level=3)
                for text in line[1]:
                    document.add_paragraph(text)
                group = shares.get(line[0])
                if group is not None:
                    _table(document, CATEGORY_HEADER, [(f"{r['category']}类", r["batches"], r["persons"], r["batch_share_pct"])
                                                       for r in group.head(len(line[1])).iter_rows(named=True)])
            else:
                document.add_paragraph(line)
        if key == "trend":
            _table(document, TREND_HEADER, _trend_rows(summary.trend))
    tmp = path.with_suffix(".docx.tmp")
    document.save(str(tmp))
    tmp.replace(path)
    return path
