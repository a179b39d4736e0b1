"""Checks of the public codes the forms carry. Pure functions, no ORM.

Each ``check_*`` returns None when the value is valid, else a reason in
English (translated by the caller's constraint message).
"""
import re
from datetime import date

CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = '10X98765432'
PROJECT_CODE_RE = re.compile(r'^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{5}[0-9A-Z])$')
POSTCODE_RE = re.compile(r'^\d{6}$')
PHONE_RES = (
    re.compile(r'^1[3-9]\d{9}$'),                          # mobile
    re.compile(r'^0\d{2,3}-?[1-9]\d{6,7}(-\d{1,6})?$'),     # landline, optional extension
    re.compile(r'^(12345|400-?\d{3}-?\d{4}|800-?\d{3}-?\d{4})$'),  # service numbers
)


def credit_code_check_char(code17):
    """The 18th character of a unified social credit code (GB 32100-2015)."""
    total = sum(CREDIT_CODE_CHARS.index(char) * weight
                for char, weight in zip(code17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def check_credit_code(code):
    code = (code or '').strip().upper()
    if len(code) != 18:
        return 'length'
    if any(char not in CREDIT_CODE_CHARS for char in code):
        return 'characters'
    if credit_code_check_char(code[:17]) != code[17]:
        return 'check'
    return None


def id_number_check_char(number17):
    total = sum(int(digit) * weight for digit, weight in zip(number17, ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


def parse_id_number(number):
    """(birth date, gender) of a resident ID number (GB 11643); ValueError if invalid."""
    number = (number or '').strip().upper()
    if not re.match(r'^\d{17}[\dX]$', number):
        raise ValueError('shape')
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValueError('birth')
    if birth.year < 1900 or birth > date.today():
        raise ValueError('birth')
    if id_number_check_char(number[:17]) != number[17]:
        raise ValueError('check')
    return birth, ('male' if int(number[16]) % 2 else 'female')


def check_project_code(code, today=None):
    """Shape of a project code of the national online approval platform (GB/T 40058-2021)."""
    match = PROJECT_CODE_RE.match((code or '').strip())
    if not match:
        return 'shape'
    year = int(match.group(1))
    today = today or date.today()
    if year < 2014 or year > today.year + 1:
        return 'year'
    region = match.group(2)
    if not '11' <= region[:2] <= '82':
        return 'region'
    return None


def check_postcode(postcode):
    return None if POSTCODE_RE.match((postcode or '').strip()) else 'shape'


def check_phone(phone):
    phone = re.sub(r'[\s()]', '', phone or '')
    return None if any(regex.match(phone) for regex in PHONE_RES) else 'shape'
