"""The generated report, read from a real warehouse, rendered in headless Chromium."""

import re
import subprocess
from pathlib import Path

import pytest
from tests_support import required_tool

from petitions.reference import KIND_SHORT

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report(small_run) -> tuple[Path, Path]:
    _, _, outcome = small_run
    folder = Path(outcome.report_dir)
    return folder / "summary.md", folder / "summary.html"


@pytest.fixture(scope="module")
def chromium():
    return required_tool("chromium", "chromium-browser", why="the report is tested in a real browser",
                         install="chromium fonts-wqy-zenhei")


def test_the_run_wrote_the_report_with_the_trend_sentences_first(report, small_run):
    url, manifest, _ = small_run
    md = report[0].read_text(encoding="utf-8")
    lines = md.splitlines()
    sentences = [i for i, line in enumerate(lines) if re.match(r"^(赴京|到省|来市|到县)(集访|个访)\d+批\d+人,", line)]
    headings = [i for i, line in enumerate(lines) if line.startswith("### ")]
    assert sentences and headings and max(sentences) < min(headings)
    assert all(line[2:4] in KIND_SHORT.values() for line in (lines[i] for i in sentences))


def test_html_is_self_contained_and_holds_every_chart(report):
    html = report[1].read_text(encoding="utf-8")
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    assert "<script" not in html
    titles = ("本期与去年同期对比（批次）", "本期与去年同期对比（人数）", "各层级月度来访批次", "问题类别占比",
              "各接待方式月度来访批次", "各县区未录入与录入不及时", "县区数据质量记分卡", "各县区及时受理率", "各县区按期办结率")
    assert html.count("<svg") == len(titles)
    for title in titles:
        assert title in html


def test_every_chart_axis_starts_at_zero_with_gridlines_and_shares_stay_shares(report):
    html = report[1].read_text(encoding="utf-8")
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    for chart in charts:
        if 'class="cell"' in chart:
            continue  # the scorecard is a table, not an axis
        assert 'class="grid"' in chart and re.search(r'>0%?</text>', chart), chart[:200]
    shares = [c for c in charts if "问题类别占比" in c][0]
    assert all(float(v) <= 100 for v in re.findall(r">(\d+(?:\.\d)?)%</text>", shares))


def test_chromium_draws_the_charts(report, chromium, tmp_path):
    shot = tmp_path / "shot.png"
    run = subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=900,2400",
                          f"--screenshot={shot}", report[1].as_uri()], capture_output=True, text=True, timeout=120)
    assert shot.exists(), run.stderr[-2000:]
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50  # text, bars and legends, not a blank page
    bar_blue = (0x2F, 0x6F, 0xB0)
    assert any(c == bar_blue for _, c in colours)
    dom = subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", "--dump-dom",
                          report[1].as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert dom.count("<svg") == 9 and dom.count('class="bar"') > 10 and 'class="cell"' in dom
