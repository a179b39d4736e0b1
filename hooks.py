"""Hooks of the module (declared in __manifest__.py)."""
import logging
import re

from werkzeug.exceptions import BadRequest

from odoo import http

# Resident ID numbers (GB 11643), mobile numbers and credit codes in a log line.
PERSONAL_DATA = re.compile(
    r'(?<![0-9A-Za-z])(?:[1-9][0-9]{5}(?:18|19|20)[0-9]{9}[0-9Xx]'   # ID number
    r'|1[3-9][0-9]{9}'                                                 # mobile number
    r'|[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10})'         # credit code
    r'(?![0-9A-Za-z])')


class PersonalDataFilter(logging.Filter):
    """Masks ID numbers, mobile numbers and credit codes in the records of a logger:
    Odoo logs a failed statement with its values ("bad query: …") at ERROR level."""

    def filter(self, record):
        message = record.getMessage()
        masked = PERSONAL_DATA.sub(lambda match: match.group(0)[:3] + '*' * 6, message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def _refuse_deep_json():
    """A JSON-RPC body nested deeper than Python parses (2 000 levels) is a bad request
    (400), not a server error (500): Odoo 11 catches only ValueError while parsing it."""
    init = http.JsonRequest.__init__
    if getattr(init, 'agency_depth_guard', False):
        return

    def __init__(self, *args, **kwargs):
        try:
            init(self, *args, **kwargs)
        except RecursionError:
            raise BadRequest('Invalid JSON data: nested too deeply.')
    __init__.agency_depth_guard = True
    http.JsonRequest.__init__ = __init__


def _route_api_as_http():
    """Requests under the intake API's prefix are plain HTTP requests, whatever their
    Content-Type: Odoo 11 hands every application/json request to its JSON-RPC handler,
    which answers 200 with an envelope; the API answers its own status codes."""
    from .controllers.api import API_PREFIX
    get_request = http.Root.get_request
    if getattr(get_request, 'agency_api', False):
        return

    def wrapper(self, httprequest):
        if httprequest.path.startswith(API_PREFIX):
            return http.HttpRequest(httprequest)
        return get_request(self, httprequest)
    wrapper.agency_api = True
    http.Root.get_request = wrapper


def post_load():
    """When the module is loaded: the intake API's requests routed as plain HTTP,
    JSON-RPC bodies nested too deeply refused with a 400, and no personal data in the
    server's log. The log filter goes on the
    handlers of the root logger (every record written passes there) and on the loggers
    that write values of the database (a handler added later still gets their records
    masked)."""
    targets = logging.getLogger().handlers + [
        logging.getLogger(name) for name in ('odoo.sql_db', 'odoo.http', 'odoo.models')]
    for target in targets:
        if not any(isinstance(item, PersonalDataFilter) for item in target.filters):
            target.addFilter(PersonalDataFilter())
    _refuse_deep_json()
    _route_api_as_http()


def rewrite_rule_domains(cr, domains):
    """Migrations: write the new domains of the module's record rules, given as
    ``{xml id: (domain shipped before, domain now)}``. The rules live in noupdate blocks,
    which an update does not load again; a rule whose domain an administrator changed
    keeps his."""
    for rule, (old, new) in sorted(domains.items()):
        cr.execute("""
            UPDATE ir_rule SET domain_force = %s
             WHERE domain_force = %s
               AND id = (SELECT res_id FROM ir_model_data
                          WHERE module = 'investment_agency' AND model = 'ir.rule'
                            AND name = %s)
        """, (new, old, rule))
