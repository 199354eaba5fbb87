import hashlib
import os
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from petitions.ingest.cache import ReadCache, fingerprint
from petitions.ingest.filenames import parse_file_name
from petitions.ingest.landing import LandingDirectoryError, read_submissions, scan_landing
from petitions.ingest.prepare import clean_parsed, prepare
from petitions.reference import DEFAULT_DIR, load_reference

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
    assert "hidden file" in found[".~lock.410204_2024-01_register.csv#"][1]


def test_two_files_for_the_same_version_are_both_rejected(tmp_path, ref):
    from tests_support import xlsx_of

    folder = landing(tmp_path, {"410204_2024-01_system.csv": "x", "410204_2024-01_system.xlsx": xlsx_of([["x"]])})
    found = statuses(folder, ref)
    assert {s for s, _ in found.values()} == {"rejected"}
    assert all("same county, month, kind and version" in r for _, r in found.values())
    inventory = scan_landing(folder, ref)
    _, outcomes = read_submissions(folder, inventory, ReadCache(None, ref))
    assert outcomes["month"].null_count() == 0  # a month partition keeps its clash rows


def test_month_outside_the_configured_partitions_is_reported(tmp_path, ref):
    folder = landing(tmp_path, {"410204_2009-12_register.csv": HEADER + ROW})
    assert "outside the configured months" in statuses(folder, ref)["410204_2009-12_register.csv"][1]


def test_missing_landing_directory_is_one_clear_error(tmp_path, ref):
    with pytest.raises(LandingDirectoryError, match="does not exist"):
        scan_landing(tmp_path / "nowhere", ref)


def parse_once(cache: ReadCache, path):
    """One register file through the reading path the pipeline uses: rows, sha256, whether cached."""
    read = prepare(cache, path, "csv", "register")
    clean_parsed([read], cache)
    return read.rows, read.sha256, read.cached


def test_each_file_is_parsed_once_per_content(tmp_path, ref):
    folder = landing(tmp_path, {"410204_2024-01_register.csv": HEADER + ROW})
    cache = ReadCache(tmp_path / "cache", ref)
    path = folder / "410204_2024-01_register.csv"
    first, sha, cached = parse_once(cache, path)
    again, _, cached_again = parse_once(cache, path)
    assert (cached, cached_again) == (False, True) and first.equals(again)
    assert sha == hashlib.sha256(path.read_bytes()).hexdigest()
    assert cache.prune({sha}) == 0 and cache.prune({"other"}) == 1
    assert parse_once(cache, path)[2] is False  # parsed again once pruned
    files = list(cache.folder.iterdir())
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert stat.S_IMODE(cache.folder.stat().st_mode) == 0o700


def test_a_file_replaced_while_it_is_read_is_hashed_as_parsed(tmp_path, ref, monkeypatch):
    import petitions.ingest.cache

    folder = landing(tmp_path, {"410204_2024-01_register.csv": HEADER + ROW})
    inventory = scan_landing(folder, ref)
    replaced = (HEADER + ROW + ROW.replace("XF1", "XF2")).encode("utf-8")
    monkeypatch.setattr(petitions.ingest.cache, "read_entry", lambda path: replaced)
    cache = ReadCache(tmp_path / "cache", ref)
    raw, outcomes = read_submissions(folder, inventory, cache)
    assert raw.height == 2
    assert outcomes["sha256"][0] == hashlib.sha256(replaced).hexdigest() != inventory["sha256"][0]
    monkeypatch.undo()
    raw, _ = read_submissions(folder, inventory, cache)  # the original bytes are never served the new rows
    assert raw.height == 1


def test_the_same_bytes_named_csv_and_xlsx_are_parsed_by_their_own_reader(tmp_path, ref):
    from tests_support import xlsx_of

    data = xlsx_of([HEADER.strip().split(","), ROW.strip().split(",")])
    folder = landing(tmp_path, {"410204_2024-01_register.xlsx": data, "410204_2024-02_register.csv": data})
    found = statuses(folder, ref, cache_dir=tmp_path / "cache")
    assert found["410204_2024-01_register.xlsx"][0] == "used"
    assert found["410204_2024-02_register.csv"][0] == "rejected"


@pytest.mark.parametrize(("error", "reason"), [
    (PermissionError(13, "Permission denied"), "cannot be read: Permission denied"),
    (OSError(5, "Input/output error"), "cannot be read: Input/output error"),
    (RuntimeError("张三 110105194912310021"), "could not be read (RuntimeError)"),
])
def test_a_file_that_cannot_be_read_is_rejected_and_the_others_go_on(tmp_path, ref, monkeypatch, error, reason):
    import petitions.ingest.cache

    folder = landing(tmp_path, {"410204_2024-01_register.csv": HEADER + ROW, "410204_2024-02_register.csv": HEADER + ROW})
    real = petitions.ingest.cache.read_entry

    def flaky(path):
        if path.name.startswith("410204_2024-01"):
            raise error
        return real(path)
    monkeypatch.setattr(petitions.ingest.cache, "read_entry", flaky)
    found = statuses(folder, ref)
    status, found_reason = found["410204_2024-01_register.csv"]
    assert status == "rejected" and found_reason.startswith(reason) and "张三" not in found_reason
    assert found["410204_2024-02_register.csv"][0] == "used"


def test_an_entry_that_cannot_be_hashed_is_rejected_in_the_inventory(tmp_path, ref, monkeypatch):
    import petitions.ingest.landing

    folder = landing(tmp_path, {"410204_2024-01_register.csv": HEADER + ROW})
    monkeypatch.setattr(petitions.ingest.landing, "_sha256", lambda path: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    inventory = scan_landing(folder, ref)
    assert inventory["name_error"].to_list() == ["cannot be read: Permission denied"]


@pytest.mark.parametrize(("make", "reason"), [
    (lambda f: (f / "410204_2024-01_register.csv").mkdir(), "a directory"),
    (lambda f: os.mkfifo(f / "410204_2024-01_register.csv"), "not a regular file"),
    (lambda f: os.symlink(f.parent / "elsewhere.csv", f / "410204_2024-01_register.csv"), "symbolic link"),
    (lambda f: (f / ".410204_2024-01_register.csv").write_text(HEADER + ROW), "hidden file"),
])
def test_entries_that_are_not_plain_files_are_rejected_not_skipped(tmp_path, ref, make, reason):
    folder = landing(tmp_path, {})
    (tmp_path / "elsewhere.csv").write_text(HEADER + ROW, encoding="utf-8")
    make(folder)
    inventory = scan_landing(folder, ref)
    assert inventory.height == 1 and reason in inventory["name_error"][0]


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


def test_months_come_in_order_each_once_and_only_those_with_files(tmp_path, ref):
    from petitions.ingest.submissions import SubmissionReader

    row = lambda month: f"XF{month},2024-{month:02d}-05,张三,个人访,1,来市,其他\n"  # noqa: E731
    folder = landing(tmp_path, {
        "410204_2024-03_register.csv": HEADER + row(3),
        "410204_2024-01_register.csv": HEADER + row(1),
        "410205_2024-01_register.csv": HEADER + row(1) + row(1).replace("XF1", "XF9"),
        "410204_2024-03_system.csv": "x", "410204_2024-03_system.xlsx": "x",  # a clash: set aside, still counted
        "410204_2024-05_register.xlsx": b"PK\x03\x04 broken",  # a month whose only file cannot be read
    })
    inventory = scan_landing(folder, ref, (date(2010, 1, 1), date(2030, 12, 1)))
    ticks = []
    reader = SubmissionReader(folder, inventory, ReadCache(None, ref), lambda done, total, name: ticks.append(done))
    months = [(month, rows.height) for month, rows in reader.months()]
    assert months == [(date(2024, 1, 1), 3), (date(2024, 3, 1), 1), (date(2024, 5, 1), 0)]
    assert reader.month_count() == len(months)
    assert ticks == list(range(1, 5))  # every file read, reported in order from the caller's thread
