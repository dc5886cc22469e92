"""Publication dates that keep their precision: a year, a month or a day."""

from __future__ import annotations

import datetime as _dt
import re

from claimdesk.core.errors import FormatError

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_date(value: str) -> str:
    """Normalise ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (also ISO timestamps) to that precision.

    >>> parse_date("2019-10"), parse_date("2019-10-03T08:00:00Z"), parse_date("2019")
    ('2019-10', '2019-10-03', '2019')

    :raises FormatError: for anything that is not such a date, or an impossible one
    """
    value = value.strip()
    m = _DATE.fullmatch(value) or _DATE.fullmatch(value.split("T")[0].split(" ")[0])
    if not m:
        raise FormatError(f"{value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = m.groups()
    try:
        if day is not None:
            return _dt.date(int(year), int(month), int(day)).isoformat()
        if month is not None:
            _dt.date(int(year), int(month), 1)
            return f"{year}-{int(month):02d}"
    except ValueError as exc:
        raise FormatError(f"{value!r} is not a valid date ({exc})") from None
    return year
