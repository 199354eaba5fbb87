"""summary.docx read back with python-docx, and converted to PDF by LibreOffice headless: A4, a named
CJK font, the same sentences as summary.md, pages that hold the text."""

import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from tests_support import required_tool


@pytest.fixture(scope="module")
def docx_path(small_run) -> Path:
    _, _, outcome = small_run
    return Path(outcome.report_dir) / "summary.docx"


def test_the_word_document_holds_the_summary_text_and_tables(docx_path):
    document = Document(str(docx_path))
    text = [p.text for p in document.paragraphs]
    markdown = (docx_path.parent / "summary.md").read_text(encoding="utf-8").splitlines()
    sentences = [line for line in markdown if line and not line.startswith("#")]
    assert sentences and all(s in text for s in sentences)
    assert len(document.tables) >= 2 and document.tables[0].rows[0].cells[1].text == "本期批次"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"


@pytest.fixture(scope="module")
def soffice():
    return required_tool("soffice", "libreoffice", why="the Word report is checked through a PDF",
                         install="libreoffice-writer-nogui fonts-wqy-zenhei poppler-utils")


def test_libreoffice_renders_it_to_a4_pages_with_the_chinese_text(docx_path, soffice, tmp_path):
    run = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'lo'}",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
                         capture_output=True, text=True, timeout=300)
    pdf = tmp_path / "summary.pdf"
    assert pdf.exists(), run.stderr[-2000:]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 1 <= pages <= 30 and "(A4)" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.replace(" ", "")
    assert "信访工作统计" in text and "来访总体情况" in text and "办理指标" in text
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    from PIL import Image

    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(count for count, value in image.getcolors(256) if value < 128)
    assert dark > 2000  # glyphs were drawn (a missing CJK font renders boxes or nothing)
