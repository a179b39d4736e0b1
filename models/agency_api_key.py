import hashlib
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import UserError

API_CHANNELS = [
    ('app', 'Mengsuban App'),
    ('hotline', '12345 Hotline'),
]
KEY_STATES = [
    ('draft', 'Not Issued'),
    ('active', 'Active'),
    ('revoked', 'Revoked'),
]
KEY_PREFIX = 'bnb'
# Set by issuing, revoking and using a key: never written by a client (a revoked key
# stays revoked).
KEY_SYSTEM_FIELDS = frozenset(['state', 'key_hash', 'key_hint', 'date_issued', 'issued_by_id',
                               'date_revoked', 'revoked_by_id', 'date_last_used',
                               'webhook_secret'])


def hash_key(raw_key):
    """The stored form of a key: its SHA-256, hex. A key is a random 256-bit token,
    so a plain hash is enough (no salt or stretching as for passwords)."""
    return hashlib.sha256((raw_key or '').strip().encode('utf-8')).hexdigest()


class AgencyApiKey(models.Model):
    """A key that a channel (the 蒙速办 app, the 12345 hotline) uses to file applications
    through the intake API. Administrators issue and revoke keys; the key itself is shown
    once, when issued, and only its hash is stored."""
    _name = 'agency.api.key'
    _description = 'Intake API Key'
    _order = 'state, channel, id desc'

    name = fields.Char(required=True, help='Who uses the key, e.g. 蒙速办 production server.')
    channel = fields.Selection(API_CHANNELS, required=True,
                               help='The cases created with this key get this channel.')
    state = fields.Selection(KEY_STATES, required=True, default='draft', readonly=True,
                             index=True)
    key_hash = fields.Char(readonly=True, copy=False, index=True)
    key_hint = fields.Char(string='Key Begins With', readonly=True, copy=False,
                           help='The first characters of the key, to recognise it.')
    date_issued = fields.Datetime(string='Issued On', readonly=True, copy=False)
    issued_by_id = fields.Many2one('res.users', string='Issued By', readonly=True, copy=False)
    date_revoked = fields.Datetime(string='Revoked On', readonly=True, copy=False)
    revoked_by_id = fields.Many2one('res.users', string='Revoked By', readonly=True, copy=False)
    date_last_used = fields.Datetime(
        string='Last Used', compute='_compute_date_last_used',
        help='When the key last filed an application.')
    new_key = fields.Char(string='Key', compute='_compute_new_key',
                          help='Shown once, right after the key is issued.')
    intake_request_ids = fields.One2many('agency.intake.request', 'api_key_id',
                                         string='Applications Received')
    intake_request_count = fields.Integer(compute='_compute_intake_request_count')
    note = fields.Text()
    webhook_url = fields.Char(
        string='Callback URL',
        help="Where the events of the cases filed with this key are POSTed (HTTPS), signed "
             "with the webhook secret. Empty: no events are sent.")
    webhook_secret = fields.Char(
        readonly=True, copy=False, groups='base.group_system',
        help='Signs every event (HMAC-SHA256 of the timestamp, a dot and the body, header '
             'X-Bnb-Signature). Made when the callback URL is set; give it to the channel.')
    webhook_delivery_ids = fields.One2many('agency.webhook.delivery', 'api_key_id',
                                           string='Webhook Deliveries')
    webhook_delivery_count = fields.Integer(compute='_compute_webhook_delivery_count')
    webhook_failed_count = fields.Integer(compute='_compute_webhook_delivery_count')

    _sql_constraints = [
        ('key_hash_uniq', 'unique(key_hash)', 'This key is issued already.'),
    ]

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        if set(vals) & KEY_SYSTEM_FIELDS and not self.pool._init:
            raise UserError(_('A key is issued with its button, not written.'))
        key = super(AgencyApiKey, self).create(vals)
        key._ensure_webhook_secret()
        return key

    @api.multi
    def write(self, vals):
        if set(vals) & KEY_SYSTEM_FIELDS and not self.pool._init:
            raise UserError(_('A key is issued and revoked with its buttons; a revoked key '
                              'cannot be used again.'))
        if 'channel' in vals and self.filtered(lambda key: key.state != 'draft'):
            raise UserError(_('The channel of an issued key cannot change.'))
        res = super(AgencyApiKey, self).write(vals)
        if vals.get('webhook_url'):
            self._ensure_webhook_secret()
        return res

    @api.constrains('webhook_url')
    def _check_webhook_url(self):
        for key in self.filtered('webhook_url'):
            self._agency_check_post_url(key.webhook_url, _('callback URL'))

    @api.multi
    def _write_key(self, vals):
        """Issue, revoke, mark used: the key's own actions."""
        return super(AgencyApiKey, self).write(vals)

    # ------------------------------------------------------------------ computes

    def _compute_new_key(self):
        """The raw key lives only in the context of the dialog that issues it."""
        shown_id = self.env.context.get('agency_new_key_id')
        for key in self:
            key.new_key = self.env.context.get('agency_new_key') if key.id == shown_id else False

    def _compute_date_last_used(self):
        """Read from the applications, never stamped on the key: concurrent calls of a
        channel all reference the key's row, and an update of that row makes every call in
        flight fail its foreign key check (a serialization error under Odoo's repeatable
        read isolation)."""
        last = {}
        if self.ids:
            self.env.cr.execute("""
                SELECT api_key_id, max(create_date) FROM agency_intake_request
                 WHERE api_key_id IN %s GROUP BY api_key_id""", (tuple(self.ids),))
            last = dict(self.env.cr.fetchall())
        for key in self:
            key.date_last_used = last.get(key.id, False)

    def _compute_webhook_delivery_count(self):
        groups = self.env['agency.webhook.delivery'].read_group(
            [('api_key_id', 'in', self.ids)], ['api_key_id', 'state'], ['api_key_id', 'state'],
            lazy=False)
        counts = {}
        for group in groups:
            counts.setdefault(group['api_key_id'][0], {})[group['state']] = group['__count']
        for key in self:
            key.webhook_delivery_count = sum(counts.get(key.id, {}).values())
            key.webhook_failed_count = counts.get(key.id, {}).get('failed', 0)

    def _compute_intake_request_count(self):
        groups = self.env['agency.intake.request'].read_group(
            [('api_key_id', 'in', self.ids)], ['api_key_id'], ['api_key_id'])
        counts = {group['api_key_id'][0]: group['api_key_id_count'] for group in groups}
        for key in self:
            key.intake_request_count = counts.get(key.id, 0)

    # ------------------------------------------------------------------ CRUD

    @api.multi
    def unlink(self):
        used = self.filtered('intake_request_ids')
        if used:
            raise UserError(_('Key "%s" has been used: revoke it instead of deleting it.')
                            % used[0].name)
        return super(AgencyApiKey, self).unlink()

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_issue(self):
        """Generate the key, store its hash and show it once in a dialog."""
        self.ensure_one()
        if self.state != 'draft':
            raise UserError(_('Key "%s" is issued already: create a new key instead.')
                            % self.name)
        raw_key = self._generate_key(self.channel)
        self._write_key({
            'state': 'active',
            'key_hash': hash_key(raw_key),
            'key_hint': raw_key[:len('%s_%s_' % (KEY_PREFIX, self.channel)) + 6],
            'date_issued': fields.Datetime.now(),
            'issued_by_id': self.env.uid,
        })
        return {
            'type': 'ir.actions.act_window',
            'name': _('Key Issued'),
            'res_model': self._name,
            'res_id': self.id,
            'view_mode': 'form',
            'views': [(self.env.ref('investment_agency.view_agency_api_key_issued_form').id,
                       'form')],
            'target': 'new',
            'context': {'agency_new_key_id': self.id, 'agency_new_key': raw_key},
        }

    @api.multi
    def action_revoke(self):
        """A revoked key is refused from now on; it cannot be reactivated."""
        for key in self:
            if key.state == 'revoked':
                continue
            key._write_key({
                'state': 'revoked',
                'date_revoked': fields.Datetime.now(),
                'revoked_by_id': self.env.uid,
            })
        return True

    @api.multi
    def action_new_webhook_secret(self):
        """Replace the webhook secret: the channel must take the new one, events are
        signed with it from now on."""
        for key in self:
            key._write_key({'webhook_secret': self._generate_secret()})
        return True

    @api.multi
    def _ensure_webhook_secret(self):
        self.sudo().filtered(
            lambda key: key.webhook_url and not key.webhook_secret).action_new_webhook_secret()

    @api.multi
    def action_view_webhook_deliveries(self):
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_webhook_delivery').read()[0]
        action['domain'] = [('api_key_id', '=', self.id)]
        return action

    @api.multi
    def action_view_intake_requests(self):
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_intake_request').read()[0]
        action['domain'] = [('api_key_id', '=', self.id)]
        return action

    # ------------------------------------------------------------------ business

    @api.model
    def _generate_key(self, channel):
        """bnb_<channel>_<43 random URL-safe characters>."""
        return '%s_%s_%s' % (KEY_PREFIX, channel, secrets.token_urlsafe(32))

    @api.model
    def _generate_secret(self):
        return 'whsec_%s' % secrets.token_urlsafe(32)

    @api.model
    def _authenticate(self, raw_key):
        """The active key matching ``raw_key``, or an empty recordset. Reads only: the key's
        row is shared by every call of its channel (see _compute_date_last_used)."""
        raw_key = (raw_key or '').strip()
        if not raw_key.startswith(KEY_PREFIX + '_'):
            return self.browse()
        return self.sudo().search([('key_hash', '=', hash_key(raw_key)),
                                   ('state', '=', 'active')], limit=1)
