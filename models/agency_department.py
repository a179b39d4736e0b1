from odoo import _, api, fields, models


class AgencyDepartment(models.Model):
    """An approving department of a region (承办部门) and its liaison agents."""
    _name = 'agency.department'
    _description = 'Approving Department'
    _inherit = ['agency.chatter', 'agency.name', 'mail.thread']
    _order = 'region_id, sequence, id'

    name = fields.Char(required=True, translate=True, track_visibility='onchange')
    region_id = fields.Many2one('agency.region', string='Region', required=True, index=True,
                                ondelete='restrict', track_visibility='onchange')
    type_id = fields.Many2one('agency.department.type', string='Department Type', required=True,
                              index=True, ondelete='restrict', track_visibility='onchange')
    sequence = fields.Integer(related='type_id.sequence', store=True, readonly=True)
    liaison_user_ids = fields.Many2many(
        'res.users', 'agency_department_liaison_rel', 'department_id', 'user_id',
        string='Liaison Agents', track_visibility='onchange',
        help='部门代办员: every department names at least one.')
    has_liaison = fields.Boolean(
        string='Has Liaison Agent', compute='_compute_has_liaison', store=True, index=True)
    phone = fields.Char()
    address = fields.Char()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ('region_type_uniq', 'unique(region_id, type_id)',
         'The region already has a department of this type.'),
    ]

    @api.depends('liaison_user_ids')
    def _compute_has_liaison(self):
        for department in self:
            department.has_liaison = bool(department.liaison_user_ids)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        res = super(AgencyDepartment, self).fields_get(allfields=allfields, attributes=attributes)
        if 'string' in res.get('type_id', {}):
            # The label's ir.model.fields record gets its external id with a database id
            # appended (agency.department.type's "id" field has the same one): the PO
            # file cannot name it, so the label is translated here.
            res['type_id']['string'] = _('Department Type')
        return res

    @api.multi
    def write(self, vals):
        res = super(AgencyDepartment, self).write(vals)
        # Odoo 11 checks record rules before a write only: check them after it too,
        # or a manager could move a department out of his region.
        self.check_access_rule('write')
        return res
