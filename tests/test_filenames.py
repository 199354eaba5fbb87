from datetime import date

import pytest

from petitions.ingest.filenames import BadFileName, parse_file_name


@pytest.mark.parametrize(
    ("name", "county", "month", "kind", "version", "ext"),
    [
        ("410204_2017-06_register.csv", "410204", date(2017, 6, 1), "register", 1, "csv"),
        ("410204_2017-06_system.xlsx", "410204", date(2017, 6, 1), "system", 1, "xlsx"),
        ("410212_2017-05_system_v2.CSV", "410212", date(2017, 5, 1), "system", 2, "csv"),
        ("410290_2024-12_register_v13.XLSX", "410290", date(2024, 12, 1), "register", 13, "xlsx"),
    ],
)
def test_valid_names_are_parsed(ref, name, county, month, kind, version, ext):
    parsed = parse_file_name(name, ref)
    assert (parsed.county_code, parsed.month, parsed.kind, parsed.version, parsed.ext) == (county, month, kind, version, ext)


@pytest.mark.parametrize(
    ("name", "reason_part"),
    [
        ("鼓楼区2017年6月来访台账(最终版).csv", "non-ASCII"),
        ("410223_２０１７-05_register.csv", "non-ASCII"),
        ("410204_2017-06_register.csv\n", "control characters"),
        ("410204_2017-06_register.csv ", "spaces"),
        ("410204_2017-13_register.csv", "not a calendar month"),
        ("410299_2017-05_register.csv", "410299 is not in the county reference"),
        ("410204_2017-06_register_v1.csv", "must be 2 or higher"),
        ("410204_2017-06_register.xls", "does not match"),
        ("410204_2017-06_Register.csv", "lower-case"),
        ("410204_2017-6_register.csv", "does not match"),
    ],
)
def test_bad_names_are_rejected_with_a_reason(ref, name, reason_part):
    with pytest.raises(BadFileName, match=reason_part):
        parse_file_name(name, ref)
