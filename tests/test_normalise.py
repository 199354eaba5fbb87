import hashlib
import hmac
from datetime import date

import polars as pl
import pytest

from petitions.rules.ids import id_is_valid, petitioner_key
from petitions.rules.normalise import canonical, halfwidth, parse_date, parse_int


def one(expr: pl.Expr, value):
    return pl.select(expr.alias("v")).item() if value is None else pl.DataFrame({"x": [value]}).select(expr).item()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-06-09", date(2017, 6, 9)), ("2017/6/9", date(2017, 6, 9)), ("2017.6.9", date(2017, 6, 9)),
        ("2017年6月9日", date(2017, 6, 9)), ("20170609", date(2017, 6, 9)), ("42895", date(2017, 6, 9)),
        ("42895.0", date(2017, 6, 9)), ("2017-06-09 14:30:00", date(2017, 6, 9)),
        ("２０１７-０６-０９", date(2017, 6, 9)), ("  2017-6-9 ", date(2017, 6, 9)), ("2016-02-29", date(2016, 2, 29)),
        ("2017-02-29", None), ("2017-13-45", None), ("去年", None), ("", None),
    ],
)
def test_every_date_form_is_parsed(text, expected):
    assert one(parse_date(pl.col("x")), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5", 5), ("１２", 12), ("5人", 5), (" 3 ", 3), ("5.0", 5), ("１２人", 12), ("2.5", None), ("若干", None), ("0", 0)],
)
def test_numbers_accept_fullwidth_and_trailing_ren(text, expected):
    assert one(parse_int(pl.col("x")), text) == expected


def test_halfwidth_converts_case_ids_and_blanks_to_null():
    assert one(halfwidth(pl.col("x")), "ＸＦ１２３\u3000") == "XF123"
    assert one(halfwidth(pl.col("x")), "   ") is None


@pytest.mark.parametrize(("text", "expected"), [("集访", "集体访"), (" 个人 ", "个人访"), ("进京", "赴京"), ("出国", None)])
def test_enumeration_synonyms_map_to_canonical(ref, text, expected):
    lookup = ref.enum_lookup["visit_kind"] | ref.enum_lookup["level"]
    assert one(canonical(pl.col("x"), lookup), text) == expected


@pytest.mark.parametrize(("alias", "category"), [("城建", "城乡建设"), ("涉法涉诉", "政法"), ("医疗卫生", "卫生计生"), ("其他", "其他")])
def test_category_aliases(ref, alias, category):
    assert ref.category_lookup[alias] == category


@pytest.mark.parametrize(
    ("number", "valid"),
    [("11010519491231002X", True), ("110105194912310021", False), ("41020419770301609", False),
     ("410204197702306098", False), ("ABCDEFGHIJKLMNOPQR", False)],
)
def test_resident_id_check_digit(number, valid):
    assert one(id_is_valid(pl.col("x")), number) is valid


def test_petitioner_key_is_keyed_and_stable():
    frame = pl.DataFrame({"x": ["11010519491231002X", "11010519491231002X", None]})
    a = frame.select(petitioner_key(pl.col("x"), "one"))["x"].to_list()
    b = frame.select(petitioner_key(pl.col("x"), "two"))["x"].to_list()
    assert a[0] == a[1] and a[2] is None and len(a[0]) == 64
    assert a[0] != b[0] and "11010519491231002X" not in a[0]


@pytest.mark.parametrize("secret", ["k", "秘密", "x" * 64, "y" * 65, "z" * 200])
def test_petitioner_key_is_the_standard_hmac_sha256(secret):
    """The prepared-state HMAC must stay the RFC 2104 one: keys already in the warehouse depend on it."""
    ids = ["11010519491231002X", "410204197702306096", "全角１２"]
    keys = pl.DataFrame({"x": ids}).select(petitioner_key(pl.col("x"), secret))["x"].to_list()
    assert keys == [hmac.new(secret.encode(), v.encode(), hashlib.sha256).hexdigest() for v in ids]
