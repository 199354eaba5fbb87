"""Grids cleaned many at a time give each file exactly the rows (or the rejection) it gets alone, and
one broken grid never takes the others with it."""

import polars as pl
import pytest

from petitions.ingest.cleaning import MAX_CELL_BYTES, Grid, clean_grids
from petitions.ingest.readers import UnreadableFile, parse_grid

HEADER = "登记编号,来访日期,信访人,访别,人数,去向,问题类别"
WIDE = "序号," + HEADER + ",备注"
FILES = {
    "plain": [HEADER, "XF1,2017-06-01,甲,个人访,2,来市,城建", "XF2,2017-06-02,乙,个人访,1,到县,城建"],
    "blank and 合计 rows": [HEADER, "XF3,2017-06-01,丙,集体访,6,赴京,城建", ",,,,,,", "合计,,,,6,,"],
    "wider, title above": ["某县信访登记台账", WIDE, "1,XF4,2017-06-01,丁,个人访,1,到县,城建,无", " 2 , XF5 ,2017-06-02,戊,个人访,1,到县,城建,"],
    "a cell too long": [HEADER, "XF6,2017-06-01,己,个人访,2,来市," + "城" * (MAX_CELL_BYTES // 3 + 10)],
    "only a header": [HEADER],
}


def _grids(ref) -> list[Grid]:
    return [parse_grid("\n".join(lines).encode("utf-8"), "csv", "register", ref) for lines in FILES.values()]


def _same(a, b) -> bool:
    if isinstance(a, UnreadableFile) or isinstance(b, UnreadableFile):
        return type(a) is type(b) and str(a) == str(b)
    return a.equals(b)


@pytest.fixture(params=[2_000, 1], ids=["stacked", "alone"])
def alone_rows(request, monkeypatch):
    monkeypatch.setattr("petitions.ingest.cleaning.ALONE_ROWS", request.param)


def test_together_each_file_gets_what_it_gets_alone(ref, alone_rows):
    together = clean_grids(_grids(ref))
    alone = [clean_grids([g])[0] for g in _grids(ref)]
    assert all(_same(a, b) for a, b in zip(together, alone, strict=True))
    rows = dict(zip(FILES, together, strict=True))
    assert rows["plain"]["case_id"].to_list() == ["XF1", "XF2"]
    assert rows["blank and 合计 rows"]["row_number"].to_list() == [2]
    assert rows["wider, title above"]["case_id"].to_list() == ["XF4", "XF5"]
    assert rows["wider, title above"]["row_number"].to_list() == [3, 4]
    assert isinstance(rows["a cell too long"], UnreadableFile) and "line 2" in str(rows["a cell too long"])
    assert rows["only a header"].height == 0 and rows["only a header"].columns == rows["plain"].columns


@pytest.mark.parametrize("broken_at", [0, 2])
def test_a_grid_that_breaks_the_batch_is_rejected_alone(ref, broken_at):
    grids = _grids(ref)
    good = grids[0]
    numbers = good.cells.with_columns(pl.col("c4").cast(pl.Int64))  # no reader makes this: a stand-in for the unforeseen
    grids.insert(broken_at, Grid(numbers, good.mapping, good.kind))
    results = clean_grids(grids)
    assert isinstance(results[broken_at], UnreadableFile) and "could not be read" in str(results[broken_at])
    others = [r for i, r in enumerate(results) if i != broken_at]
    assert all(_same(a, b) for a, b in zip(others, clean_grids(_grids(ref)), strict=True))
