"""The pipeline on the demo data at many as-of dates: every month end of the demo span plus random
days. Each run succeeds and its trend equals a direct count of the generator's visits."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from tests_support import query

from petitions.demo.generator import generate_landing
from petitions.demo.manifest import month_end, month_seq
from petitions.rules.periods import Period
from pipelines.runner import run_pipeline

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    landing = tmp_path_factory.mktemp("sweep") / "landing"
    return landing, generate_landing(landing, seed=20171)


def as_of_dates() -> list[date]:
    ends = [month_end(m) for m in month_seq(date(2023, 1, 1), 24)]
    rng = random.Random(2017)
    days = [date(2023, 1, 1) + timedelta(days=rng.randrange(730)) for _ in range(6)]
    return ends + days + [date(2024, 2, 29)]


def direct_trend(manifest, as_of: date) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    period, counts = Period(as_of), Counter()
    for v in manifest.visits.values():
        if period.start <= v.visit_date <= as_of:
            counts[(v.level, v.visit_kind, "b")] += 1
            counts[(v.level, v.visit_kind, "p")] += v.persons
        elif period.prev_start <= v.visit_date <= period.prev_end:
            counts[(v.level, v.visit_kind, "pb")] += 1
            counts[(v.level, v.visit_kind, "pp")] += v.persons
    keys = {(lv, k) for lv, k, _ in counts}
    return {key: tuple(counts[(*key, s)] for s in ("b", "p", "pb", "pp")) for key in keys}


@pytest.mark.parametrize("as_of", as_of_dates(), ids=str)
def test_every_as_of_runs_and_the_trend_is_a_direct_count(demo, tmp_path, as_of):
    landing, manifest = demo
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"
    outcome = run_pipeline(landing, url, as_of.isoformat(), report_dir=str(tmp_path / "reports"))
    assert outcome.success, outcome.failures
    rows = query(url, "select level, visit_kind, batches, persons, prev_batches, prev_persons from marts.rpt_trend "
                      "where batches > 0 or prev_batches > 0")
    card = query(url, "select count(*) from quality.county_scorecard")[0][0]
    assert {(lv, k): tuple(r) for lv, k, *r in rows} == direct_trend(manifest, as_of)
    assert card > 0
    assert (tmp_path / "reports" / as_of.isoformat() / "summary.md").exists()


def test_the_demo_fills_every_section_of_the_summary(demo, tmp_path):
    landing, manifest = demo
    outcome = run_pipeline(landing, f"duckdb:///{tmp_path / 'wh.duckdb'}", manifest.as_of.isoformat(),
                           report_dir=str(tmp_path / "reports"))
    assert outcome.success, outcome.failures
    folder = tmp_path / "reports" / manifest.as_of.isoformat()
    md = (folder / "summary.md").read_text(encoding="utf-8")
    sections = {}
    for part in md.split("\n## ")[1:]:
        heading, _, body = part.partition("\n")
        sections[heading] = [line for line in body.splitlines() if line and not line.startswith("#")]
    assert list(sections) == ["来访总体情况", "来访问题类别", "接待情况", "系统录入情况", "规模访", "回流访", "办理指标"]
    assert "。其中,侯书记在" in sections["接待情况"][1]
    assert len(sections["系统录入情况"]) > 1 and sections["规模访"][0].startswith(("赴京规模访", "到省规模访"))
    assert "先后于" in sections["回流访"][0] and "—" not in sections["办理指标"][0]
    assert {p.name for p in folder.iterdir()} >= {"summary.md", "summary.html", "summary.docx"}
