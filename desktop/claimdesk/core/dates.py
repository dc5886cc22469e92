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


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan januari janvier januar enero gennaio",
            "february feb februari février fevrier februar febrero febbraio",
            "march mar maart mars märz marz marzo",
            "april apr avril abril aprile",
            "may mei mai mayo maggio",
            "june jun juni juin junio giugno",
            "july jul juli juillet julio luglio",
            "august aug augustus août aout agosto",
            "september sep sept septembre septiembre settembre",
            "october oct oktober octobre octubre ottobre okt",
            "november nov novembre noviembre",
            "december dec december décembre decembre dezember diciembre dicembre dez",
        ),
        start=1,
    )
    for name in names.split()
}
_WRITTEN = (
    # January 5, 2010 Tuesday / Jan. 5 2010
    re.compile(r"(?P<month>[^\W\d_]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"),
    # 5 January 2010 / 5. Januar 2010 / 05 janvier 2010
    re.compile(
        r"(?P<day>\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?P<month>[^\W\d_]+)\.?,?\s+(?P<year>\d{4})"
    ),
    # January 2010
    re.compile(r"(?P<month>[^\W\d_]+)\.?\s+(?P<year>\d{4})"),
)
_DAY_FIRST = re.compile(r"(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4})")


def parse_written_date(value: str) -> str | None:
    """A date as news databases and spreadsheets write it, to its precision; None if none is found.

    Understands ISO dates, ``January 5, 2010 Tuesday``, ``5 January 2010``,
    ``5. Januar 2010``, ``January 2010`` (English, Dutch, German, French,
    Spanish and Italian month names) and day-first numeric dates (``05.01.2010``).

    >>> parse_written_date("January 5, 2010 Tuesday"), parse_written_date("5 janvier 2010")
    ('2010-01-05', '2010-01-05')
    >>> parse_written_date("yesterday") is None
    True
    """
    value = " ".join(value.split())
    if not value:
        return None
    try:
        return parse_date(value)
    except FormatError:
        pass
    for pattern in _WRITTEN:
        for m in pattern.finditer(value):
            month = _MONTHS.get(m.group("month").lower())
            if month is None:
                continue
            day = m.groupdict().get("day")
            try:
                return parse_date(
                    f"{m.group('year')}-{month:02d}" + (f"-{int(day):02d}" if day else "")
                )
            except FormatError:
                return None
    m = _DAY_FIRST.search(value)
    if m:
        try:
            return parse_date(
                f"{m.group('year')}-{int(m.group('month')):02d}-{int(m.group('day')):02d}"
            )
        except FormatError:
            return None
    return None
