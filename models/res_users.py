from odoo import SUPERUSER_ID, _, api, fields, http, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from .code_checks import normalize_id_number, parse_id_number


class ResUsers(models.Model):
    _inherit = 'res.users'

    agency_region_id = fields.Many2one(
        'agency.region', string='Agency Region', index=True, ondelete='restrict',
        help='The region whose cases the user works on; a manager also sees the regions below it.')
    agency_department_ids = fields.Many2many(
        'agency.department', 'agency_department_liaison_rel', 'user_id', 'department_id',
        string='Liaison of Departments')
    # Printed on the authorization letter (Annex 4) when the user acts as proxy (代办人).
    agency_gender = fields.Selection([('male', 'Male'), ('female', 'Female')], string='Gender')
    agency_id_number = fields.Char(string='Resident ID Number', size=18, groups='base.group_user')
    agency_title = fields.Char(string='Title',
                               help='Job title printed on the authorization letter.')
    agency_open_case_count = fields.Integer(
        string='Open Cases', compute='_compute_agency_open_case_count',
        help='The cases assigned to the agent that are not closed: his workload.')
    agency_assignable_region_id = fields.Many2one(
        'agency.region', string='Assignable in Region',
        compute='_compute_agency_assignable_region_id',
        search='_search_agency_assignable_region_id',
        help='Technical: searching it for a region gives the agents a case of that region '
             'is offered to: active agents (not managers, never the administrator) of the '
             'region or of a region above it.')

    def _compute_agency_open_case_count(self):
        groups = self.env['agency.case'].sudo().read_group(
            [('user_id', 'in', self.ids), ('is_closed', '=', False)], ['user_id'], ['user_id'])
        load = {group['user_id'][0]: group['user_id_count'] for group in groups}
        for user in self:
            user.agency_open_case_count = load.get(user.id, 0)

    def _compute_agency_assignable_region_id(self):
        for user in self:
            user.agency_assignable_region_id = False

    def _search_agency_assignable_region_id(self, operator, value):
        if operator != '=':
            raise UserError(_('Unsupported search on the region of the agents.'))
        if not value:
            return [(0, '=', 1)]
        if isinstance(value, (list, tuple)):
            value = value[0]
        # Odoo 11 pushes a search method's domain leaf by leaf: give it in normal form.
        return expression.normalize_domain(
            self._agency_assignable_domain(self.env['agency.region'].browse(value)))

    @api.model
    def _agency_assignable_domain(self, region):
        """The agents a case of ``region`` is offered to: active internal agents of the
        region or of a region above it (they work there), managers and the
        administrator excepted (a manager assigns, he is not offered)."""
        ref = self.env.ref
        return [
            ('active', '=', True),
            ('share', '=', False),
            ('id', '!=', SUPERUSER_ID),
            ('groups_id', 'in', ref('investment_agency.group_agent').id),
            ('groups_id', 'not in', ref('investment_agency.group_manager').id),
            ('agency_region_id', 'parent_of', region.id),
        ]

    @api.multi
    def _agency_region_subtree_ids(self):
        """The ids of the user's region and of the active regions below it, as ``child_of``
        gives them. The record rules of the region's agents and managers name these ids:
        a rule's domain is evaluated once and kept (``ir.rule._compute_domain``) until
        the user's region or the tree of regions changes, where ``child_of`` would look
        the subtree up again on every search of every model."""
        self.ensure_one()
        region = self.sudo().agency_region_id
        if not region:
            return []
        return self.env['agency.region'].sudo().search([('id', 'child_of', region.id)]).ids

    @api.multi
    def _agency_agent_region_ids(self):
        """The regions whose records the user reaches as an agent or a manager (his
        subtree); none when he is neither. The liaison agents' rules on cases and projects
        leave these regions out: an agent who is also a liaison agent has their records
        by his other rule already, and PostgreSQL then answers a read of one of them
        without listing the cases his departments handle (3 ms at 100 000 cases, on every
        read of a case form)."""
        self.ensure_one()
        if not self.has_group('investment_agency.group_agent'):
            return []
        return self._agency_region_subtree_ids()

    @api.multi
    def name_get(self):
        """With ``agency_show_workload`` in the context (the agent pickers of the case,
        for display only): the name followed by the agent's open cases."""
        if all(isinstance(user_id, int) for user_id in self.ids):
            # The name column alone (see agency.name): Odoo's reads every column of the
            # users and of their partners, for each page that shows an agent.
            names = self._agency_names_from_column('name')
        else:
            names = super(ResUsers, self).name_get()
        if not self.env.context.get('agency_show_workload'):
            return names
        load = {user.id: user.agency_open_case_count for user in self}
        return [(user_id, _('%s (%s open cases)') % (name, load.get(user_id, 0)))
                for user_id, name in names]

    @api.model
    def name_search(self, name='', args=None, operator='ilike', limit=100):
        """With ``agency_show_workload``: the least loaded agents first."""
        if not self.env.context.get('agency_show_workload'):
            return super(ResUsers, self).name_search(name, args=args, operator=operator,
                                                     limit=limit)
        result = super(ResUsers, self).name_search(name, args=args, operator=operator,
                                                   limit=None)
        users = self.browse([user_id for user_id, _name in result])
        load = {user.id: user.agency_open_case_count for user in users}
        result = sorted(result, key=lambda row: (load.get(row[0], 0), row[1]))
        return result[:limit] if limit else result

    @api.constrains('agency_id_number', 'agency_gender')
    def _check_agency_id_number(self):
        for user in self.filtered('agency_id_number'):
            self._agency_check_id_number(user.agency_id_number, user.agency_gender)

    @api.model
    def _agency_check_id_number(self, number, gender=False):
        """Refuse a resident ID number (GB 11643) that is invalid or contradicts ``gender``;
        the one check of ID numbers, for agents and for the proxies of the letters."""
        today = fields.Date.from_string(self.env['resource.calendar'].agency_today())
        try:
            _birth, id_gender = parse_id_number(number, today)
        except ValueError:
            raise ValidationError(
                _('"%s" is not a valid resident ID number: 18 characters, a real birth '
                  'date and a right check character (GB 11643).') % number)
        if gender and gender != id_gender:
            raise ValidationError(_('The gender does not agree with ID number %s.') % number)

    @api.model
    def create(self, vals):
        if vals.get('agency_id_number'):
            vals['agency_id_number'] = normalize_id_number(vals['agency_id_number'])
        user = super(ResUsers, self).create(vals)
        user._agency_set_home_action()
        return user

    @api.multi
    def _agency_home_action(self):
        """Where a user of the service lands after login: agents and managers on the
        cases, liaison agents on their department's items; others nowhere in particular."""
        self.ensure_one()
        xmlid = False
        # The landing screen follows the user's role; what he may open, the rules decide.
        if not self.share and self.has_group('investment_agency.group_agent'):
            xmlid = 'investment_agency.action_agency_case'
        elif not self.share and self.has_group('investment_agency.group_liaison'):
            xmlid = 'investment_agency.action_agency_case_line_department'
        # Not loaded yet while the module installs its own data.
        return xmlid and self.env.ref(xmlid, raise_if_not_found=False) or \
            self.env['ir.actions.actions']

    @api.multi
    def _agency_set_home_action(self):  # pylint: disable=missing-return
        """Users of the service without a home action open 帮您办, not Discuss."""
        for user in self.sudo().filtered(lambda user: not user.action_id):
            action = user._agency_home_action()
            if action:
                super(ResUsers, user).write({'action_id': action.id})

    @api.multi
    def write(self, vals):
        if vals.get('agency_id_number'):
            vals['agency_id_number'] = normalize_id_number(vals['agency_id_number'])
        res = super(ResUsers, self).write(vals)
        if any(name in vals for name in ('groups_id', 'share')) or \
                any(name.startswith(('in_group_', 'sel_groups_')) for name in vals):
            self._agency_set_home_action()
        if 'agency_region_id' in vals or 'agency_department_ids' in vals or 'groups_id' in vals:
            # Record rules read these fields.
            self.env['ir.rule'].clear_caches()
        return res

    @api.model_cr_context
    def _auth_timeout_check(self):
        """Only logged-in sessions time out: OCA auth_session_timeout (11.0) also checks
        the visitors of public pages and the intake API, whose sessions have no file yet,
        logs an error for each and ends their request."""
        if not http.request or not http.request.session.uid:
            return
        return super(ResUsers, self)._auth_timeout_check()
