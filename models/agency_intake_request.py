import hashlib
import json
import math
import re

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html

from .agency_api_key import API_CHANNELS
from .agency_project import FUNDING_SOURCES, LAND_NATURES, PROJECT_CATEGORIES
from .code_checks import normalize_credit_code

INTAKE_CHANNELS = [('online', 'Online Column')] + API_CHANNELS
# The fields of an application (Annex 3 申请表), shared by the portal form and the API.
TEXT_FIELDS = {
    # field: required
    'enterprise_name': True,
    'credit_code': True,
    'legal_representative': True,
    'enterprise_address': True,
    'postcode': True,
    'phone': True,
    'contact_name': True,
    'contact_phone': True,
    'contact_email': False,
    'project_name': True,
    'project_address': True,
    'project_code': False,
    'main_use_scale': False,
    'approval_progress': False,
    'description': False,
    'region_code': True,
}
SELECTION_FIELDS = {
    'funding_source': FUNDING_SOURCES,
    'land_nature': LAND_NATURES,
    'category': PROJECT_CATEGORIES,
}
APPLICATION_FIELDS = set(TEXT_FIELDS) | set(SELECTION_FIELDS) | {
    'total_investment', 'is_key_project', 'item_numbers'}
MAX_TEXT_LENGTH = 2000
# First key of the module's transaction-level advisory locks (the second is a hash).
ADVISORY_LOCK_CLASS = 150000


def payload_hash(payload):
    """SHA-256 of the payload in a canonical JSON form (keys sorted)."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(',', ':'))
    return hashlib.sha256(canonical.encode('utf-8')).hexdigest()


def same_name(name1, name2):
    """Enterprise names compared without spaces and with either kind of brackets."""
    def norm(name):
        name = re.sub(r'\s+', '', name or '')
        return name.replace('(', '(').replace(')', ')')
    return norm(name1) == norm(name2)


class AgencyIntakeRequest(models.Model):
    """An application received online, from the 蒙速办 app or from the 12345 hotline.

    Validates the Annex 3 data with the checks of the models, creates the
    enterprise, project and case, and remembers the idempotency key of the call:
    a retried call with the same key and the same data returns the same case,
    the same key with other data is refused.
    """
    _name = 'agency.intake.request'
    _description = 'Online Application Request'
    _order = 'id desc'
    _rec_name = 'idempotency_key'

    channel = fields.Selection(INTAKE_CHANNELS, required=True, index=True, readonly=True)
    idempotency_key = fields.Char(required=True, index=True, readonly=True)
    request_hash = fields.Char(required=True, readonly=True,
                               help='SHA-256 of the data of the request.')
    case_id = fields.Many2one('agency.case', string='Case', index=True, readonly=True,
                              ondelete='cascade')
    api_key_id = fields.Many2one('agency.api.key', string='API Key', index=True, readonly=True,
                                 ondelete='restrict')
    user_id = fields.Many2one('res.users', string='Portal User', readonly=True,
                              ondelete='set null')
    replay_count = fields.Integer(string='Retries', readonly=True, default=0)

    _sql_constraints = [
        ('channel_key_uniq', 'unique(channel, idempotency_key)',
         'This idempotency key was used already on this channel.'),
    ]

    # ------------------------------------------------------------------ business

    @api.model
    def _submit(self, channel, idempotency_key, payload, api_key=None, user=None,
                enterprise=None):
        """File an application. Returns (status, case, errors), status one of
        'created', 'replayed', 'conflict', 'invalid'. Runs as superuser: the callers
        check who may file (a portal user for his enterprise, an active API key)."""
        self = self.sudo()
        key = (idempotency_key or '').strip()
        if not key or len(key) > 255:
            return 'invalid', None, [self._error(
                'Idempotency-Key', 'required',
                _('Give each application a unique idempotency key of at most 255 '
                  'characters.'))]
        digest = payload_hash(payload)
        previous = self.search([('channel', '=', channel), ('idempotency_key', '=', key)])
        if previous:
            return previous._replay(digest)
        values, errors = self._validate_application(payload, enterprise=enterprise,
                                                    channel=channel)
        if errors:
            return 'invalid', None, errors
        busy = self._claim_unique_values(channel, key, values, enterprise)
        if busy:
            return 'conflict', None, [busy]
        try:
            with self.env.cr.savepoint():
                # The request row first: a concurrent call with the same key stops here.
                request = self.create({
                    'channel': channel,
                    'idempotency_key': key,
                    'request_hash': digest,
                    'api_key_id': api_key and api_key.id,
                    'user_id': user and user.id,
                })
                case = self._create_application(values, channel, user=user,
                                                enterprise=enterprise, api_key=api_key)
                request.case_id = case
        except psycopg2.IntegrityError:
            # Not expected any more (_claim_unique_values): still an answer to retry.
            return 'conflict', None, [self._in_progress('idempotency_key')]
        except (ValidationError, UserError) as exc:
            return 'invalid', None, [self._error(None, 'rejected', exc.name)]
        return 'created', case, []

    @api.model
    def _claim_unique_values(self, channel, key, values, enterprise=None):
        """Make sure that no concurrent call is inserting the unique values that this one
        will insert: the idempotency key, a new enterprise's credit code, a new project's
        code. Returns None, or the "in_progress" error to answer (the client retries and
        then finds what the other call created).

        Without this, the second of two concurrent calls failed on a unique index: its
        INSERT was logged as an ERROR with the enterprise's name, address and phone, and
        it answered "in_progress" only by luck. Each value is claimed with an advisory lock
        of the transaction; once claimed, a transaction of its own tells whether another
        call committed the value after this one's snapshot (repeatable read hides it)."""
        claims = [('idempotency_key', '%s:%s' % (channel, key),
                   'SELECT 1 FROM agency_intake_request WHERE channel = %s '
                   'AND idempotency_key = %s', (channel, key))]
        code = values.get('credit_code')
        Partner = self.env['res.partner'].with_context(active_test=False)
        if code and not Partner.search_count([('agency_credit_code', '=', code)]):
            claims.append(('credit_code', 'partner:%s' % code,
                           'SELECT 1 FROM res_partner WHERE agency_credit_code = %s', (code,)))
        project_code = values.get('project_code')
        if project_code and not values.get('project'):
            claims.append(('project_code', 'project:%s' % project_code,
                           'SELECT 1 FROM agency_project WHERE code = %s', (project_code,)))
        cr = self.env.cr
        for field, lock, _query, _params in claims:
            cr.execute('SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))',
                       (ADVISORY_LOCK_CLASS, lock))
            if not cr.fetchone()[0]:
                return self._in_progress(field)
        with self.pool.cursor() as fresh:
            for field, _lock, query, params in claims:
                fresh.execute(query, params)
                if fresh.fetchone():
                    return self._in_progress(field)
        return None

    @api.model
    def _in_progress(self, field):
        if field == 'idempotency_key':
            return self._error(
                'Idempotency-Key', 'in_progress',
                _('An application with this idempotency key is being filed: retry later.'))
        return self._error(
            field, 'in_progress',
            _('Another application of the same enterprise or project is being filed: '
              'retry in a moment.'))

    @api.multi
    def _replay(self, digest):
        self.ensure_one()
        if self.request_hash != digest or not self.case_id:
            return 'conflict', self.case_id, [self._error(
                'Idempotency-Key', 'conflict',
                _('This idempotency key was used for another application (%s): use a new '
                  'key for new data.') % (self.case_id.name or '-'))]
        self._count_replay()
        return 'replayed', self.case_id, []

    @api.multi
    def _count_replay(self):
        """Count a retry in a short transaction of its own: retries of one call often come
        together, and updating the row in their repeatable-read transactions failed all
        but one with a serialization error (retried by Odoo, logged as an ERROR)."""
        with self.pool.cursor() as cr:
            cr.autocommit(True)
            cr.execute('UPDATE agency_intake_request SET replay_count = '
                       'COALESCE(replay_count, 0) + 1 WHERE id IN %s', (tuple(self.ids),))
        self.invalidate_cache(['replay_count'], self.ids)

    @api.model
    def _error(self, field, code, message, **extra):
        error = {'field': field, 'code': code, 'message': message}
        error.update(extra)
        return error

    @api.model
    def _validate_application(self, payload, enterprise=None, channel='online'):
        """Check an application field by field with the checks of the models.
        Returns (clean values, errors); each error is a dict field, code, message."""
        if not isinstance(payload, dict):
            return {}, [self._error(None, 'invalid_json',
                                    _('The body must be a JSON object.'))]
        errors = []
        values = {}
        for field in sorted(set(payload) - APPLICATION_FIELDS):
            errors.append(self._error(field, 'unknown_field', _('Unknown field.')))
        self._clean_texts(payload, values, errors)
        self._clean_choices(payload, values, errors)
        self._clean_numbers(payload, values, errors)
        bad = {error['field'] for error in errors}
        if not bad & {'credit_code', 'enterprise_name'}:
            self._check_enterprise(values, errors, enterprise, channel)
        self._check_contact_data(values, errors, bad)
        self._check_project(values, errors, bad, enterprise)
        if 'region_code' not in bad and 'item_numbers' not in bad:
            self._check_region_items(values, errors)
        return values, errors

    @api.model
    def _clean_texts(self, payload, values, errors):
        for field, required in sorted(TEXT_FIELDS.items()):
            value = payload.get(field)
            if value is not None and not isinstance(value, str):
                errors.append(self._error(field, 'invalid_type', _('Expected a text.')))
                continue
            value = (value or '').strip()
            if '\x00' in value:
                errors.append(self._error(field, 'invalid_text',
                                          _('The text contains a NUL character.')))
            elif required and not value:
                errors.append(self._error(field, 'required', _('This field is required.')))
            elif len(value) > MAX_TEXT_LENGTH:
                errors.append(self._error(field, 'too_long', _('At most %d characters.')
                                          % MAX_TEXT_LENGTH))
            else:
                values[field] = value
        if values.get('credit_code'):
            values['credit_code'] = normalize_credit_code(values['credit_code'])
        if values.get('project_code'):
            values['project_code'] = values['project_code'].upper()

    @api.model
    def _clean_choices(self, payload, values, errors):
        for field, selection in sorted(SELECTION_FIELDS.items()):
            value = payload.get(field)
            keys = [key for key, _label in selection]
            if value in (None, ''):
                errors.append(self._error(field, 'required', _('This field is required.')))
            elif value not in keys:
                errors.append(self._error(field, 'invalid_choice',
                                          _('Choose one of: %s.') % ', '.join(keys),
                                          choices=keys))
            else:
                values[field] = value
        value = payload.get('is_key_project', False)
        if not isinstance(value, bool):
            errors.append(self._error('is_key_project', 'invalid_type',
                                      _('Expected true or false.')))
        else:
            values['is_key_project'] = value

    @api.model
    def _clean_numbers(self, payload, values, errors):
        value = payload.get('total_investment')
        if value in (None, ''):
            errors.append(self._error('total_investment', 'required',
                                      _('This field is required.')))
        else:
            try:
                if isinstance(value, bool):
                    raise ValueError(value)
                number = float(value)
                if not math.isfinite(number):
                    raise ValueError(value)
                values['total_investment'] = number
            except (TypeError, ValueError):
                errors.append(self._error('total_investment', 'invalid_type',
                                          _('Expected a number (10k CNY).')))
        numbers = payload.get('item_numbers')
        if not numbers:
            errors.append(self._error('item_numbers', 'required',
                                      _('Choose at least one item.')))
        elif not isinstance(numbers, list) or any(
                isinstance(number, bool) or not str(number).strip().isdigit()
                for number in numbers):
            errors.append(self._error('item_numbers', 'invalid_type',
                                      _('Expected a list of item numbers of the catalog.')))
        else:
            values['item_numbers'] = sorted(set(int(str(number).strip()) for number in numbers))

    @api.model
    def _constraint_error(self, field, record, method):
        """Run a constraint of a model on a virtual record: its message, or None."""
        try:
            getattr(record, method)()
        except ValidationError as exc:
            return self._error(field, 'invalid', exc.name)
        return None

    @api.model
    def _check_enterprise(self, values, errors, enterprise, channel):
        Partner = self.env['res.partner'].with_context(active_test=False)
        code = values['credit_code']
        error = self._constraint_error(
            'credit_code', Partner.new({'agency_credit_code': code}),
            '_check_agency_credit_code')
        if error:
            errors.append(error)
            return
        holder = Partner.search([('agency_credit_code', '=', code)], limit=1)
        if enterprise is not None:
            # A portal user files for his own enterprise: its registered code and name win.
            if enterprise.agency_credit_code:
                values['credit_code'] = enterprise.agency_credit_code
                values['enterprise_name'] = enterprise.name
            elif holder and holder != enterprise:
                errors.append(self._error(
                    'credit_code', 'duplicate',
                    _('Credit code %s belongs to another registered enterprise: ask the '
                      'service bureau to link your account to it.') % code))
        elif holder and not same_name(holder.name, values['enterprise_name']):
            # The registered name is not told: a credit code is no key to a name.
            errors.append(self._error(
                'enterprise_name', 'mismatch',
                _('Credit code %s is registered under another enterprise name: give the '
                  'name of the business licence.') % code))

    @api.model
    def _check_contact_data(self, values, errors, bad):
        Partner = self.env['res.partner']
        Project = self.env['agency.project']
        for field, partner_field in (('postcode', 'zip'), ('phone', 'phone')):
            if field in bad:
                continue
            error = self._constraint_error(
                field, Partner.new({'agency_credit_code': 'X', partner_field: values[field]}),
                '_check_agency_contact')
            if error:
                errors.append(error)
        if 'contact_phone' not in bad:
            error = self._constraint_error(
                'contact_phone', Project.new({'contact_phone': values['contact_phone']}),
                '_check_contact_phone')
            if error:
                errors.append(error)

    @api.model
    def _check_project(self, values, errors, bad, enterprise):
        Project = self.env['agency.project'].with_context(active_test=False)
        if 'total_investment' not in bad and 'total_investment' in values:
            error = self._constraint_error(
                'total_investment', Project.new({
                    'name': values.get('project_name'),
                    'total_investment': values['total_investment']}),
                '_check_total_investment')
            if error:
                error['code'] = 'out_of_range'
                errors.append(error)
        code = values.get('project_code')
        if code and 'project_code' not in bad:
            error = self._constraint_error('project_code', Project.new({'code': code}),
                                           '_check_code')
            if error:
                errors.append(error)
                return
            project = Project.search([('code', '=', code)], limit=1)
            owner = enterprise if enterprise is not None and enterprise.is_company \
                else self.env['res.partner'].with_context(active_test=False).search(
                    [('agency_credit_code', '=', values.get('credit_code'))], limit=1)
            if project and project.partner_id != owner:
                errors.append(self._error(
                    'project_code', 'duplicate',
                    _('Project code %s belongs to a project of another enterprise.') % code))
            elif project:
                values['project'] = project

    @api.model
    def _check_region_items(self, values, errors):
        region = self.env['agency.region'].search([('code', '=', values['region_code'])],
                                                  limit=1)
        if not region:
            errors.append(self._error('region_code', 'not_found',
                                      _('No region has the division code %s.')
                                      % values['region_code']))
            return
        items = self.env['agency.item'].search([('number', 'in', values['item_numbers'])])
        unknown = sorted(set(values['item_numbers']) - set(items.mapped('number')))
        if unknown:
            errors.append(self._error(
                'item_numbers', 'not_found',
                _('The catalog has no item numbered %s.') % ', '.join(map(str, unknown)),
                items=unknown))
            return
        case = self.env['agency.case'].new({'region_id': region.id,
                                            'item_ids': [(6, 0, items.ids)]})
        error = self._constraint_error('item_numbers', case, '_check_items_published')
        if error:
            error['code'] = 'not_published'
            error['items'] = sorted((items - case._published_items()).mapped('number'))
            errors.append(error)
            return
        values['region'] = region
        values['items'] = items

    @api.model
    def _create_application(self, values, channel, user=None, enterprise=None, api_key=None):
        """Create (or complete) the enterprise, the project and the case of a checked
        application; notify the managers of the region."""
        enterprise = self._prepare_enterprise(values, user, enterprise)
        project = values.get('project') or self.env['agency.project'].create({
            'name': values['project_name'],
            'partner_id': enterprise.id,
            'code': values.get('project_code') or False,
            'region_id': values['region'].id,
            'address': values['project_address'],
            'total_investment': values['total_investment'],
            'funding_source': values['funding_source'],
            'land_nature': values['land_nature'],
            'is_key_project': values['is_key_project'],
            'category': values['category'],
            'main_use_scale': values.get('main_use_scale') or False,
            'approval_progress': values.get('approval_progress') or False,
            'contact_name': values['contact_name'],
            'contact_phone': values['contact_phone'],
            'contact_email': values.get('contact_email') or False,
        })
        stage = self.env['agency.stage'].search([('flow_step', '=', 'apply')], limit=1)
        case = self.env['agency.case'].create({
            'project_id': project.id,
            'region_id': values['region'].id,
            'channel': channel,
            'stage_id': stage.id,
            'item_ids': [(6, 0, values['items'].ids)],
            'legal_representative': values['legal_representative'],
            'description': self._case_description(values, project),
        })
        if user and user.partner_id:
            case.message_subscribe(partner_ids=user.partner_id.ids)
        channel_label = self._agency_labels('channel', self._agency_lang())[channel]
        body = _('Application received through the %s.') % channel_label
        if api_key:
            body += ' ' + _('API key: %s.') % api_key.name
        if user:
            body += ' ' + _('Filed by %s.') % user.name
        case.message_post(body=plaintext2html(body), subtype='mail.mt_note',
                          author_id=user.partner_id.id if user else None)
        self._notify_managers(case)
        return case

    @api.model
    def _case_description(self, values, project):
        parts = []
        if values.get('description'):
            parts.append(values['description'])
        if values.get('enterprise_changes'):
            # A registered enterprise keeps its data: what the applicant wrote otherwise
            # is for the agent to verify against the business licence.
            parts.append(_('The application gives other enterprise data than registered: %s')
                         % '; '.join(values['enterprise_changes']))
        if values.get('project') and values.get('approval_progress'):
            # An existing project keeps its data: the applicant's update goes to the case.
            parts.append(_('Current approval progress: %s') % values['approval_progress'])
        return '\n'.join(parts) or False

    @api.model
    def _prepare_enterprise(self, values, user, enterprise):
        """The applicant enterprise. A portal user's own enterprise gets the data of the
        form; an enterprise found by its credit code keeps its data and only gets what
        it lacks; otherwise a new enterprise is registered (and the portal user, if any,
        becomes its contact)."""
        data = {
            'agency_legal_representative': values['legal_representative'],
            'street': values['enterprise_address'],
            'zip': values['postcode'],
            'phone': values['phone'],
        }
        Partner = self.env['res.partner'].with_context(active_test=False)
        holder = enterprise if enterprise is not None and enterprise.is_company else \
            Partner.search([('agency_credit_code', '=', values['credit_code'])], limit=1)
        if holder:
            if not holder.agency_credit_code:
                data['agency_credit_code'] = values['credit_code']
            holder.write({name: value for name, value in data.items() if not holder[name]})
            labels = {name: holder._fields[name].get_description(self.env)['string']
                      for name in data}
            values['enterprise_changes'] = [
                '%s: %s → %s' % (labels[name], holder[name], value)
                for name, value in data.items() if holder[name] and holder[name] != value]
            return holder
        data.update({
            'name': values['enterprise_name'],
            'is_company': True,
            'agency_credit_code': values['credit_code'],
        })
        company = self.env['res.partner'].create(data)
        contact = user.sudo().partner_id if user else None
        if contact and not contact.parent_id:
            contact.parent_id = company
            # Record rules read the user's enterprise, and their domains are cached.
            self.env['ir.rule'].clear_caches()
        return company

    @api.model
    def _notify_managers(self, case):
        """An activity for each manager of the region: assign an agent to the new case."""
        managers = case.region_id._get_managers()
        activity_type = self.env.ref('investment_agency.activity_type_new_application')
        calendar = case.region_id._get_calendar()
        deadline = calendar.agency_add_working_days(calendar.agency_today(), 1)
        model_id = self.env['ir.model']._get('agency.case').id
        for manager in managers:
            self.env['mail.activity'].create({
                'res_model_id': model_id,
                'res_id': case.id,
                'activity_type_id': activity_type.id,
                'summary': self.with_context(lang=manager.lang)._assign_summary(case),
                'date_deadline': fields.Date.to_string(deadline),
                'user_id': manager.id,
            })

    @api.model
    def _assign_summary(self, case):
        """The summary of a manager's activity, in the language of the context."""
        return _('New application %s: assign an agent') % case.name

    @api.model
    def _status_payload(self, case, base_url=''):
        """What the API answers about a case: its number, stage and items."""
        case = case.sudo()
        lines = {line.item_id: line for line in case.line_ids}
        return {
            'case_number': case.name,
            'status': case.flow_step,
            'stage': case.stage_id.name,
            'channel': case.channel,
            'region_code': case.region_id.code,
            'date_applied': case.date_applied,
            'project_name': case.project_id.name,
            'agent': case.user_id.name or None,
            'items': [{
                'number': item.number,
                'name': item.name,
                'state': lines[item].state if item in lines else 'requested',
                'deadline': lines[item].deadline or None if item in lines else None,
                'light': lines[item].light if item in lines else 'none',
            } for item in case.item_ids.sorted('number')],
            'status_url': '%s/api/bangninban/v1/applications/%s' % (base_url, case.name),
        }
