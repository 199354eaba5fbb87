"""Every §10b sentence on small hand-built warehouses: the edge cases a bureau meets."""

from dataclasses import replace
from datetime import date, timedelta

import polars as pl
import pytest
from tests_support import facts

from petitions.reference import Event, load_reference
from petitions.report.compose import ReportOptionError, ReportOptions, compose, markdown
from petitions.report.sections import count_word, long_date

NONE = pl.DataFrame(schema={"county_code": pl.String})
AS_OF = date(2017, 12, 31)


@pytest.fixture(scope="module")
def kaifeng():
    ref = load_reference()
    return replace(ref, events=(Event("“一带一路”", date(2017, 5, 10), date(2017, 5, 20)),
                                Event("十九大", date(2017, 10, 15), date(2017, 10, 28))))


def block(ref, rows, key, as_of=AS_OF, unentered=NONE, late=NONE, **options) -> list[str]:
    summary = compose(facts(rows), unentered, late, as_of, ref, ReportOptions(sections=(key,), **options))
    return summary.blocks[0][2]


def leader(day, persons=5, name="侯书记", kind="集体访"):
    return {"visit_date": day, "persons": persons, "visit_kind": kind, "reception_mode": "领导接访", "leader": name}


def test_reception_with_the_principal_leader_in_both_named_periods(kaifeng):
    rows = [{"visit_date": date(2017, 3, 1), "visit_kind": "集体访", "persons": 6},
            {"visit_date": date(2017, 3, 2), "persons": 2}, {"visit_date": date(2017, 3, 3), "persons": 1},
            leader(date(2017, 5, 12), 7), leader(date(2017, 5, 20), 5), leader(date(2017, 10, 20), 9),
            leader(date(2017, 7, 1), 5), leader(date(2017, 5, 15), 6, name="张市长"),
            {"visit_date": date(2017, 8, 1), "reception_mode": "联合接访", "persons": 3},
            {"visit_date": date(2016, 5, 12), "reception_mode": "领导接访", "leader": "侯书记"}]
    assert block(kaifeng, rows, "reception") == [
        "共接待群众来市集访6批38人、来市个访3批6人",
        "市级党政领导共接待群众来访5批(起)32人。其中,侯书记在“一带一路”期间接待2批(起)12人、十九大期间接待1批(起)9人",
        "共联合接待群众来访1批(起)",
    ]


def test_one_named_period_only_and_no_leader_receptions(kaifeng):
    one = block(kaifeng, [leader(date(2017, 10, 16), 8)], "reception")
    assert one[1] == "市级党政领导共接待群众来访1批(起)8人。其中,侯书记在十九大期间接待1批(起)8人"
    none = block(kaifeng, [{"visit_date": date(2017, 3, 1)}], "reception")
    assert none[1] == "市级党政领导共接待群众来访0批(起)0人" and none[2] == "共联合接待群众来访0批(起)"


def test_leader_receptions_outside_every_period_leave_the_clause_out(kaifeng):
    assert block(kaifeng, [leader(date(2017, 6, 1))], "reception")[1] == "市级党政领导共接待群众来访1批(起)5人"


def test_entry_timeliness_counts_every_case_most_first_ties_in_reference_order(kaifeng):
    unentered = pl.DataFrame({"county_code": ["410222", "410202", "410202", "410290", "410222"]})
    late = pl.DataFrame({"county_code": ["410290", "410212"]})
    assert block(kaifeng, [], "entry", as_of=date(2017, 6, 30), unentered=unentered, late=late) == [
        "截至2017年6月30日,5起来访事项超过15天未录入全国信访信息系统,2起录入超过15天",
        "龙亭区未录入2起,录入不及时0起", "通许县未录入2起,录入不及时0起", "示范区未录入1起,录入不及时1起",
        "祥符区未录入0起,录入不及时1起"]


def test_large_scale_visits_use_the_threshold(kaifeng):
    rows = [{"visit_date": date(2017, 4, 1), "level": "赴京", "visit_kind": "集体访", "persons": 30},
            {"visit_date": date(2017, 4, 2), "level": "赴京", "visit_kind": "集体访", "persons": 45},
            {"visit_date": date(2017, 4, 3), "level": "到省", "visit_kind": "集体访", "persons": 29},
            {"visit_date": date(2017, 4, 4), "level": "来市", "visit_kind": "集体访", "persons": 90}]
    assert block(kaifeng, rows, "large") == ["赴京规模访2批75人"]
    assert block(kaifeng, rows, "large", large_group_min=29) == ["赴京规模访2批75人", "到省规模访1批29人"]
    assert block(kaifeng, rows[3:], "large") == ["本年度无赴京、到省规模访"]


def group(key, day, level, persons, county="410223", category="城乡建设", case=None):
    row = {"visit_date": day, "level": level, "visit_kind": "集体访", "persons": persons, "petitioner_key": key,
           "county_code": county, "category": category}
    return row | ({"case_id": case} if case else {})


def test_a_repeat_group_spanning_two_levels_is_one_sentence_per_level(kaifeng):
    rows = [group("k1", date(2017, 6, 9), "到省", 12), group("k1", date(2017, 3, 2), "赴京", 20),
            group("k1", date(2017, 1, 9), "赴京", 30), group("k1", date(2017, 8, 1), "到省", 8, category="政法"),
            group("k2", date(2017, 2, 1), "来市", 9), group("k2", date(2017, 2, 2), "赴京", 9)]
    assert block(kaifeng, rows, "repeat") == [
        "尉氏县群众先后于1月9日30人、3月2日20人两次赴京集体上访,反映城乡建设类问题",
        "尉氏县群众先后于6月9日12人、8月1日8人两次到省集体上访,反映城乡建设类问题",
    ]


def test_a_level_with_one_visit_uses_the_single_visit_form(kaifeng):
    rows = [group("k1", date(2017, 5, 1), "赴京", 40, county="410225", category="政法"), group("k1", date(2017, 5, 3), "到省", 6)]
    assert block(kaifeng, rows, "repeat") == ["兰考县群众于5月1日40人赴京集体上访,反映政法类问题",
                                              "兰考县群众于5月3日6人到省集体上访,反映政法类问题"]


def test_same_day_visits_follow_case_id_and_the_top_five_keys_are_kept(kaifeng):
    rows = [group(f"k{k}", date(2017, 3, 1) + timedelta(days=i), "赴京", 5 + k, case=f"X{k}{9 - i}")
            for k in range(7) for i in range(2 + (k == 6))]
    rows += [group("k9", date(2017, 9, 9), "赴京", 5, case="B"), group("k9", date(2017, 9, 9), "赴京", 6, case="A")]
    lines = block(kaifeng, rows, "repeat")
    assert len(lines) == 5 and lines[0].startswith("尉氏县群众先后于3月1日11人、3月2日11人、3月3日11人三次赴京")
    assert not any("9月9日" in line for line in lines)  # k9 ties on visits but has fewer persons than k5


@pytest.mark.parametrize(("n", "word"), [(2, "两次"), (3, "三次"), (9, "九次"), (10, "十次"), (11, "11次"), (23, "23次")])
def test_count_words(n, word):
    assert count_word(n) == word


def test_kpi_rates_with_empty_denominators_print_a_dash(kaifeng):
    as_of = date(2017, 6, 30)
    rows = [{"visit_date": date(2017, 5, 1), "accepted_date": date(2017, 5, 10), "closed_date": date(2017, 6, 1),
             "county_code": "410202"},
            {"visit_date": date(2017, 5, 2), "accepted_date": date(2017, 5, 30), "county_code": "410202"},
            {"visit_date": date(2017, 5, 3), "county_code": "410202"},
            {"visit_date": date(2017, 4, 1), "accepted_date": date(2017, 4, 2), "closed_date": date(2017, 6, 20),
             "extended": True, "county_code": "410203"},
            {"visit_date": date(2017, 6, 25), "accepted_date": date(2017, 6, 26), "county_code": "410204"}]
    lines = block(kaifeng, rows, "kpi", as_of=as_of)
    assert lines[0] == "及时受理率50.0%,按期办结率33.3%"
    assert lines[1] == "龙亭区及时受理率33.3%,按期办结率50.0%"
    assert lines[2] == "顺河回族区及时受理率100.0%,按期办结率0.0%"
    assert lines[3] == "鼓楼区及时受理率—,按期办结率—"
    assert len(lines) == 1 + len(kaifeng.counties)


def test_feb_29_as_of(kaifeng):
    assert long_date(date(2024, 2, 29)) == "2024年2月29日"
    lines = block(kaifeng, [{"visit_date": date(2024, 2, 29), "level": "来市", "visit_kind": "集体访", "persons": 6}],
                  "reception", as_of=date(2024, 2, 29))
    assert lines[0] == "共接待群众来市集访1批6人、来市个访0批0人"


def test_sections_and_top_categories_are_options(kaifeng):
    rows = [{"visit_date": date(2017, 3, i + 1), "level": "赴京", "visit_kind": "集体访", "persons": 5,
             "category": c} for i, c in enumerate(["政法", "政法", "民政", "教育文体", "其他"])]
    options = ReportOptions(sections=("categories", "kpi"), top_categories=ReportOptions.parse_top("赴京=2"))
    md = markdown(compose(facts(rows), NONE, NONE, AS_OF, kaifeng, options))
    assert "## 来访问题类别" in md and "## 办理指标" in md and "## 来访总体情况" not in md
    # ties in category reference order: 教育文体 before 民政 and 其他
    assert "政法类2批10人,占比40.0%" in md and "教育文体类1批5人,占比20.0%" in md and "民政类" not in md
    assert ReportOptions.parse_sections("kpi,trend") == ("trend", "kpi")
    with pytest.raises(ReportOptionError):
        ReportOptions.parse_sections("trend,weather")
    with pytest.raises(ReportOptionError):
        ReportOptions.parse_top("赴京=three")


def test_the_sections_come_in_contract_order(kaifeng):
    md = markdown(compose(facts([{"visit_date": date(2017, 3, 1)}]), NONE, NONE, AS_OF, kaifeng, ReportOptions()))
    headings = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    assert headings == ["来访总体情况", "来访问题类别", "接待情况", "系统录入情况", "规模访", "回流访", "办理指标"]
    assert "本年度无回流集体访" in md
