"""Dates as the service writes them: one parser and one Chinese formatter for every
form, page, export and message (pure functions, no ORM)."""
from datetime import date, datetime

# A blank date of a printed form: room to write it by hand.
BLANK_DATE = '\u3000\u3000年\u3000\u3000月\u3000\u3000日'


def to_date(value):
    """A date from a date, a datetime or an Odoo date(time) string; None when empty.
    (Sliced, not parsed: the deadline engine calls it for every running line.)"""
    if not value:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date(int(value[:4]), int(value[5:7]), int(value[8:10]))


def format_cn_date(value, blank=''):
    """2026年11月27日 (no leading zeros), or ``blank`` for an empty date."""
    day = to_date(value)
    if not day:
        return blank
    return '%d年%d月%d日' % (day.year, day.month, day.day)
