"""Readers under hostile bytes: each class of broken file is one clear rejection naming the line,
never a crash and never a message quoting a cell; random input never raises anything else."""

import io
import zipfile

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petitions.ingest.decode import decode_text, unterminated_quote_line
from petitions.ingest.errors import UnreadableFile
from petitions.ingest.readers import MAX_CELL_BYTES, column_letter
from tests.tests_support import read_rows

HEADER = "登记编号,来访日期,信访人,访别,人数,去向,问题类别"
ROW = "XF{n},2017-06-0{n},王秘密{n},个人访,2,来市,城建"
SECRET = "王秘密"


def text(*lines: str, newline: str = "\n") -> bytes:
    return newline.join(lines).encode("utf-8")


def rejection(data: bytes, ext: str = "csv", ref=None) -> str:
    with pytest.raises(UnreadableFile) as err:
        read_rows(data, ext, "register", ref)
    assert SECRET not in str(err.value)
    return str(err.value)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_ending_gives_the_same_rows(ref, newline):
    rows = read_rows(text(HEADER, ROW.format(n=1), ROW.format(n=2), newline=newline), "csv", "register", ref)
    assert rows["case_id"].to_list() == ["XF1", "XF2"] and rows["row_number"].to_list() == [2, 3]


def test_a_quote_inside_a_cell_is_text(ref):
    rows = read_rows(text(HEADER, 'XF1,2017-06-01,他说"不公",个人访,2,来市,城建', ROW.format(n=2)), "csv", "register", ref)
    assert rows["petitioner_name"].to_list() == ['他说"不公"', "王秘密2"]


def test_an_unterminated_quote_names_its_line(ref):
    reason = rejection(text(HEADER, ROW.format(n=1), 'XF2,2017-06-02,"王秘密2,个人访,2,来市,城建', ROW.format(n=3)), ref=ref)
    assert reason.startswith("line 3:")


def test_a_cell_beyond_the_parser_limit_names_its_line(ref):
    long = ROW.format(n=2).replace("城建", "城" * (MAX_CELL_BYTES // 3 + 10))
    assert rejection(text(HEADER, ROW.format(n=1), long), ref=ref).startswith("line 3:")


def test_a_gbk_line_in_a_utf8_file_is_read_not_rejected(ref):
    data = text(HEADER, ROW.format(n=1)) + b"\n" + ROW.format(n=2).encode("gbk") + b"\n" + ROW.format(n=3).encode()
    rows = read_rows(data, "csv", "register", ref)
    assert rows["petitioner_name"].to_list() == ["王秘密1", "王秘密2", "王秘密3"]


def test_a_line_in_no_encoding_is_named(ref):
    data = text(HEADER, ROW.format(n=1)) + b"\n\xff\xfe\xff broken\n"
    assert "line 3 is neither UTF-8 nor GBK" in rejection(data, ref=ref)


def test_header_precedence_canonical_beats_synonym(ref):
    rows = read_rows(text("编号,来访人数," + HEADER, "7,8," + ROW.format(n=1)), "csv", "register", ref)
    assert rows.select("case_id", "persons").row(0) == ("XF1", "2")


@pytest.mark.parametrize(("header", "message"), [
    (HEADER + ",人数", "two columns map to 人数 (persons): E and H"),
    ("信访件编号,编号," + HEADER.split(",", 1)[1], "two columns map to 登记编号 (case_id): A and B"),
])
def test_ambiguous_headers_reject_the_file_naming_the_columns(ref, header, message):
    assert message in rejection(text(header, ROW.format(n=1) + ",1"), ref=ref)


def test_an_xlsx_bomb_is_refused_by_its_zip_directory(ref):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 2_000_000)
    assert "would inflate" in rejection(buf.getvalue(), "xlsx", ref=ref)


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters_are_what_a_spreadsheet_shows(index, letter):
    assert column_letter(index) == letter


@pytest.mark.parametrize(("content", "line"), [('a,b\n"x,y\n', 2), ('a,"b""c",d\n', None), ('a,x"y\n"z"\n', None)])
def test_unterminated_quote_line(content, line):
    assert unterminated_quote_line(content) == line


def test_decode_mixed_file_starting_with_ascii_is_gbk(ref):
    assert decode_text("a,b\n张三".encode("gbk")) == "a,b\n张三"


# a line break outside quotes is a new record by definition: fuzz the cell content, not that rule
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=12)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.binary(max_size=600), st.sampled_from(["csv", "xlsx"]))
def test_random_bytes_are_rows_or_one_clear_rejection(ref, data, ext):
    try:
        rows = read_rows(data, ext, "register", ref)
    except UnreadableFile:
        return
    assert isinstance(rows, pl.DataFrame) and "row_number" in rows.columns


@FUZZ
@given(st.lists(st.lists(cells, min_size=0, max_size=9), max_size=8), st.sampled_from([",", ";"]),
       st.sampled_from(["\n", "\r\n", "\r"]), st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]), st.booleans())
def test_random_csv_dialects_keep_every_data_row(ref, body, delimiter, newline, encoding, quote_all):
    def render(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if quote_all else cell
    lines = [HEADER] + [delimiter.join(render(c) for c in r) for r in body]
    try:
        data = newline.join(lines).encode(encoding)
        rows = read_rows(data, "csv", "register", ref)
    except (UnreadableFile, UnicodeEncodeError):
        return
    assert rows["row_number"].is_unique().all() and (rows["row_number"] >= 2).all()
    assert rows.height <= len(body)
