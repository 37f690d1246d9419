"""Values as people type them in a cell or on the command line: dates, numbers, yes/no.

One reading of each, used by the spreadsheet import and by the parameters of questions:

- dates: an Excel date cell, an Excel serial number (through openpyxl's own
  ``from_excel``), ``jj/mm/aaaa`` (French order, 2-digit years as Excel reads them) or ISO
  8601, with an optional time;
- numbers: ``10,5`` (French), ``10.5``, ``1 234,5`` (any space as thousands separator);
- booleans: Oui/Non, O/N, Vrai/Faux, 1/0, x.

>>> parse_date("15/03/2025"), parse_date(45731), parse_date(" 2025-03-15 ")
(datetime.date(2025, 3, 15), datetime.date(2025, 3, 15), datetime.date(2025, 3, 15))
>>> parse_decimal("1 234,5"), parse_boolean("OUI"), parse_boolean("peut-être")
(Decimal('1234.5'), True, None)
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .text import fold

__all__ = ["parse_datetime", "parse_date", "parse_decimal", "parse_boolean",
           "canonical_decimal", "TRUE_WORDS", "FALSE_WORDS"]

_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})"
                       r"(?:[ T](\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")
_SERIAL = re.compile(r"^\d{4,6}(?:[.,]\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")

TRUE_WORDS = frozenset({"oui", "o", "vrai", "true", "1", "x", "yes", "y"})
FALSE_WORDS = frozenset({"non", "n", "faux", "false", "0", "no"})


def _year(y: str) -> int:
    n = int(y)
    if len(y) == 2:  # Excel's rule: 00-29 → 2000s, 30-99 → 1900s
        return 2000 + n if n < 30 else 1900 + n
    return n


def parse_datetime(value: Any) -> dt.datetime | None:
    """A date-time from a cell: Excel date, serial number, jj/mm/aaaa [hh:mm], ISO 8601;
    None if it is not one (« 31/02/2024 » is not).

    >>> parse_datetime("04/03/2019 08:05")
    datetime.datetime(2019, 3, 4, 8, 5)
    >>> parse_datetime(43528.5)
    datetime.datetime(2019, 3, 4, 12, 0)
    >>> parse_datetime("31/02/2024") is None
    True
    """
    if isinstance(value, dt.datetime):
        return _round_seconds(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _from_serial(float(value))
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    try:
        m = _DATE_DMY.match(text)
        if m:
            d, mo, y, h, mi, s = m.groups()
            return dt.datetime(_year(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        m = _DATE_ISO.match(text)
        if m and len(text) <= 25:
            y, mo, d, h, mi, s = m.groups()
            return dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        return None
    if _SERIAL.match(text):
        return _from_serial(float(text.replace(",", ".")))
    return None


def parse_date(value: Any) -> dt.date | None:
    """A date from a cell (see :func:`parse_datetime`); a time of day is ignored."""
    found = parse_datetime(value)
    return found.date() if found else None


def _from_serial(v: float) -> dt.datetime | None:
    from openpyxl.utils.datetime import from_excel

    # 10 000 is 1927-05-18: smaller numbers are years or typos, not Excel dates.
    if not 10000 <= v < 2958466:
        return None
    found = from_excel(v)
    return _round_seconds(found) if isinstance(found, dt.datetime) else None


def _round_seconds(value: dt.datetime) -> dt.datetime:
    value = value.replace(tzinfo=None)
    if value.microsecond >= 500000:
        value += dt.timedelta(seconds=1)
    return value.replace(microsecond=0)


def parse_decimal(value: Any) -> Decimal | None:
    """A number from a cell: ``10,5`` (French), ``10.5``, ``1 234,5``, a numeric cell;
    None if it is not one.

    >>> parse_decimal("10,5"), parse_decimal(3), parse_decimal("1,234.5")
    (Decimal('10.5'), Decimal('3'), None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = _SPACES.sub("", str(value) if value is not None else "")
    if re.fullmatch(r"[+-]?\d+(,\d+)?", text):
        text = text.replace(",", ".")
    try:
        return Decimal(text) if re.fullmatch(r"[+-]?\d+(\.\d+)?", text) else None
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


def canonical_decimal(d: Decimal) -> str:
    """The shortest exact writing of a number: ``3``, ``10.5``.

    >>> canonical_decimal(Decimal("10.50")), canonical_decimal(Decimal("3.0"))
    ('10.5', '3')
    """
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def parse_boolean(value: Any) -> bool | None:
    """Oui/Non, O/N, Vrai/Faux, 1/0, x; None if it is none of them."""
    if isinstance(value, bool):
        return value
    key = fold(str(value) if value is not None else "")
    return True if key in TRUE_WORDS else False if key in FALSE_WORDS else None
