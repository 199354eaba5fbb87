import shutil
from datetime import date
from pathlib import Path

import pytest

from ingest.cache import ReadCache, fingerprint
from ingest.filenames import parse_file_name
from ingest.landing import LandingDirectoryError, read_submissions, scan_landing
from reference import DEFAULT_DIR, load_reference

HEADER = "登记编号,来访日期,信访人,访别,人数,去向,问题类别\n"
ROW = "XF1,2024-01-05,张三,个人访,1,来市,其他\n"


def landing(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    folder = tmp_path / "landing"
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def statuses(folder: Path, ref, cache_dir=None) -> dict[str, tuple[str, str | None]]:
    inventory = scan_landing(folder, ref, (date(2010, 1, 1), date(2030, 12, 1)))
    _, outcomes = read_submissions(folder, inventory.filter(inventory["name_error"].is_null()), ReadCache(cache_dir, ref))
    found = {r["source_file"]: (r["status"], r["reason"]) for r in outcomes.iter_rows(named=True)}
    found |= {r["source_file"]: ("rejected", r["name_error"]) for r in inventory.iter_rows(named=True) if r["name_error"]}
    return found


def test_highest_readable_version_wins(tmp_path, ref):
    folder = landing(tmp_path, {
        "410204_2024-01_register.csv": HEADER + ROW,
        "410204_2024-01_register_v2.csv": HEADER + ROW + ROW,
        "410204_2024-01_register_v3.xlsx": b"PK\x03\x04 broken",
        ".~lock.410204_2024-01_register.csv#": "lock file of an office suite",
    })
    found = statuses(folder, ref)
    assert found["410204_2024-01_register_v3.xlsx"][0] == "rejected"
    assert found["410204_2024-01_register_v2.csv"][0] == "used"
    assert found["410204_2024-01_register.csv"][0] == "superseded"
    assert not any(name.startswith(".") for name in found)


def test_two_files_for_the_same_version_are_both_rejected(tmp_path, ref):
    from tests_support import xlsx_of

    folder = landing(tmp_path, {"410204_2024-01_system.csv": "x", "410204_2024-01_system.xlsx": xlsx_of([["x"]])})
    found = statuses(folder, ref)
    assert {s for s, _ in found.values()} == {"rejected"}
    assert all("same county, month, kind and version" in r for _, r in found.values())


def test_month_outside_the_configured_partitions_is_reported(tmp_path, ref):
    folder = landing(tmp_path, {"410204_2009-12_register.csv": HEADER + ROW})
    assert "outside the configured months" in statuses(folder, ref)["410204_2009-12_register.csv"][1]


def test_missing_landing_directory_is_one_clear_error(tmp_path, ref):
    with pytest.raises(LandingDirectoryError, match="does not exist"):
        scan_landing(tmp_path / "nowhere", ref)


def test_each_file_is_parsed_once_per_content(tmp_path, ref):
    folder = landing(tmp_path, {"410204_2024-01_register.csv": HEADER + ROW})
    cache = ReadCache(tmp_path / "cache", ref)
    path = folder / "410204_2024-01_register.csv"
    first, cached = cache.read(path, "abc", "csv", "register")
    again, cached_again = cache.read(path, "abc", "csv", "register")
    assert (cached, cached_again) == (False, True) and first.equals(again)
    assert cache.prune({"abc"}) == 0 and cache.prune({"other"}) == 1
    assert cache.read(path, "abc", "csv", "register")[1] is False  # parsed again once pruned


def test_another_city_replaces_the_reference_tables_without_code(tmp_path):
    city = tmp_path / "city"
    shutil.copytree(DEFAULT_DIR, city)
    (city / "counties.csv").write_text("county_code,county_name\n410102,中原区\n", encoding="utf-8")
    with (city / "categories.csv").open("a", encoding="utf-8") as fh:
        fh.write("信访积案,积案\n")
    other = load_reference(city)
    assert list(other.counties) == ["410102"] and other.category_lookup["积案"] == "信访积案"
    assert parse_file_name("410102_2024-01_register.csv", other).county_code == "410102"
    assert fingerprint(other) == fingerprint(load_reference())  # same headers: cached reads stay valid
