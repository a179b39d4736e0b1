from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = 'res.users'

    agency_region_id = fields.Many2one(
        'agency.region', string='Agency Region', index=True, ondelete='restrict',
        help='The region whose cases the user works on; a manager also sees the regions below it.')
    agency_department_ids = fields.Many2many(
        'agency.department', 'agency_department_liaison_rel', 'user_id', 'department_id',
        string='Liaison of Departments')

    @api.multi
    def write(self, vals):
        res = super(ResUsers, self).write(vals)
        if 'agency_region_id' in vals or 'agency_department_ids' in vals or 'groups_id' in vals:
            # Record rules read these fields.
            self.env['ir.rule'].clear_caches()
        return res
