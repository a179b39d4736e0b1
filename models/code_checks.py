"""Checks of the public codes the forms carry. Pure functions, no ORM.

The national codes are checked by python-stdnum (LGPL, maintained since 2010,
with the GB/T 2260 division codes): unified social credit codes (GB 32100-2015)
by ``stdnum.cn.uscc``, resident identity numbers (GB 11643) by
``stdnum.cn.ric``. Kept here is what stdnum does not cover: the project code of
the national online approval platform (GB/T 40058-2021), whose region part
must be a GB/T 2260 code, postcodes and phone numbers. Digits are ASCII digits:
a full-width ０-９ is refused, not read as a digit.

Each ``check_*`` returns None when the value is valid, else a reason in
English (the caller's constraint gives the message).
"""
import ipaddress
import pkgutil
import re
from datetime import date
from urllib.parse import urlsplit

from stdnum.cn import ric, uscc
from stdnum.exceptions import (InvalidChecksum, InvalidComponent, InvalidFormat,
                               InvalidLength, ValidationError)

PROJECT_CODE_RE = re.compile(r'^([0-9]{4})-([0-9]{6})-([0-9]{2})-([0-9]{2})-([0-9]{5}[0-9A-Z])$')
PROJECT_CODE_FIRST_YEAR = 2014  # the national online approval platform opened in 2014
POSTCODE_RE = re.compile(r'^[0-9]{6}$')
PHONE_RES = (
    re.compile(r'^1[3-9][0-9]{9}$'),                                 # mobile
    re.compile(r'^0[0-9]{2,3}-?[1-9][0-9]{6,7}(-[0-9]{1,6})?$'),     # landline, extension
    re.compile(r'^(12345|400-?[0-9]{3}-?[0-9]{4}|800-?[0-9]{3}-?[0-9]{4})$'),  # services
)
FIRST_BIRTH_YEAR = 1900
STDNUM_REASONS = (
    (InvalidLength, 'length'),
    (InvalidFormat, 'characters'),
    (InvalidChecksum, 'check'),
    (InvalidComponent, 'component'),
)


def _reason(error):
    for kind, reason in STDNUM_REASONS:
        if isinstance(error, kind):
            return reason
    return 'invalid'


# ---------------------------------------------------------------------- credit codes

def normalize_credit_code(code):
    """A credit code as stored: upper case, spaces and dashes removed."""
    return uscc.compact(code or '')


def credit_code_check_char(code17):
    """The 18th character of a unified social credit code (GB 32100-2015)."""
    return uscc.calc_check_digit(code17 + '0')


def check_credit_code(code):
    try:
        uscc.validate(code or '')
    except ValidationError as error:
        return _reason(error)
    return None


# ---------------------------------------------------------------------- ID numbers

def normalize_id_number(number):
    """A resident ID number as stored: upper case (a final ``x`` is ``X``)."""
    return ric.compact(number or '')


def parse_id_number(number, today=None):
    """(birth date, gender) of a resident ID number (GB 11643); ValueError if invalid:
    the shape, the check character, a real birth date not in the future and not before
    1900, and a GB/T 2260 area code."""
    try:
        number = ric.validate(number or '')
    except ValidationError as error:
        raise ValueError(_reason(error))
    birth = ric.get_birth_date(number)
    if birth.year < FIRST_BIRTH_YEAR or birth > (today or date.today()):
        raise ValueError('birth')
    return birth, ('male' if int(number[16]) % 2 else 'female')


# ---------------------------------------------------------------------- divisions

def _division_codes():
    """The GB/T 2260 codes of stdnum's data: the counties it lists, and the prefectures
    (leagues, cities) and provinces (autonomous regions) they belong to."""
    counties = set()
    for line in pkgutil.get_data('stdnum', 'cn/loc.dat').decode('utf-8').splitlines():
        if re.match(r'^[0-9]{6} ', line):
            counties.add(line[:6])
    return frozenset(counties | {code[:4] + '00' for code in counties} |
                     {code[:2] + '0000' for code in counties})


DIVISION_CODES = _division_codes()


def is_division_code(code):
    """Whether ``code`` is a GB/T 2260 division code (county, prefecture or province)."""
    return code in DIVISION_CODES


# ---------------------------------------------------------------------- project codes

def check_project_code(code, today=None):
    """A project code of the national online approval platform (GB/T 40058-2021):
    YYYY-RRRRRR-DD-PP-NNNNNC, the year from 2014 to next year, RRRRRR a GB/T 2260
    division code."""
    match = PROJECT_CODE_RE.match((code or '').strip())
    if not match:
        return 'shape'
    year = int(match.group(1))
    today = today or date.today()
    if year < PROJECT_CODE_FIRST_YEAR or year > today.year + 1:
        return 'year'
    if not is_division_code(match.group(2)):
        return 'region'
    return None


# ---------------------------------------------------------------------- contact data

def check_postcode(postcode):
    return None if POSTCODE_RE.match((postcode or '').strip()) else 'shape'


def check_phone(phone):
    phone = re.sub(r'[ ()]', '', phone or '')
    return None if any(regex.match(phone) for regex in PHONE_RES) else 'shape'


# Where a cloud machine reads its own credentials: never a callback or a gateway (SSRF).
METADATA_HOSTS = frozenset([
    'metadata', 'metadata.google.internal', 'metadata.tencentyun.com',
    'instance-data', 'instance-data.ec2.internal',
])
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(address) for address in (
    '100.100.100.200',   # Alibaba Cloud
    'fd00:ec2::254',     # AWS over IPv6
))


def is_internal_address(address):
    """Whether the IP ``address`` (text) is link-local (169.254.0.0/16, fe80::/10: the
    metadata services of most clouds) or another cloud's metadata address."""
    try:
        address = ipaddress.ip_address(address.split('%')[0])
    except ValueError:
        return False
    if getattr(address, 'ipv4_mapped', None):
        address = address.ipv4_mapped
    return address.is_link_local or address in METADATA_ADDRESSES


def check_http_url(url):
    """None if ``url`` is an http(s) address with a host and no user, password or
    fragment (where the module POSTs: a callback, an SMS gateway); 'shape' if not;
    'internal' if its host is a link-local or cloud metadata address (the delivery
    checks the addresses the name resolves to again, see agency.delivery.mixin)."""
    try:
        parts = urlsplit((url or '').strip())
        parts.port  # pylint: disable=pointless-statement (raises on a bad port)
    except ValueError:
        return 'shape'
    if parts.scheme not in ('http', 'https') or not parts.hostname or \
            parts.username or parts.password or parts.fragment:
        return 'shape'
    host = parts.hostname.rstrip('.').lower()
    if host in METADATA_HOSTS or is_internal_address(host):
        return 'internal'
    return None
