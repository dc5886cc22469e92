"""claimdesk.core.dates.parse_date: dates keep the precision they were given."""

from __future__ import annotations

import pytest

from claimdesk.core.dates import parse_date
from claimdesk.core.errors import FormatError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019", "2019"),
        ("2019-10", "2019-10"),
        ("2019-1", "2019-01"),
        ("2019-10-03", "2019-10-03"),
        ("2019-10-3", "2019-10-03"),
        ("2020-02-29", "2020-02-29"),
        ("2019-10-03T08:00:00Z", "2019-10-03"),
        ("2019-10-03T08:00:00+02:00", "2019-10-03"),
        ("2019-10-03 08:00", "2019-10-03"),
        ("  2019-10 ", "2019-10"),
    ],
)
def test_parse_date_keeps_precision(value: str, expected: str) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2019-13", "not a valid date"),
        ("2019-00", "not a valid date"),
        ("2019-02-30", "not a valid date"),
        ("2021-02-29", "not a valid date"),
        ("2019-10-32", "not a valid date"),
        ("oct 2019", "is not a date"),
        ("19-10", "is not a date"),
        ("2019/10", "is not a date"),
        ("2019-10-03X", "is not a date"),
        ("", "is not a date"),
    ],
)
def test_parse_date_rejects_bad_dates(value: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        parse_date(value)
