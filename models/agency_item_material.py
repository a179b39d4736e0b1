from odoo import _, api, fields, models


class AgencyItemMaterial(models.Model):
    """A material the applicant brings for an item (一次性告知)."""
    _name = 'agency.item.material'
    _description = 'Required Material'
    _order = 'item_id, sequence, id'

    item_id = fields.Many2one('agency.item', string='Item', required=True, index=True,
                              ondelete='cascade')
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True, help='Form, copies, who issues it.')
    copies = fields.Integer(default=1)
    allow_deficiency = fields.Boolean(
        string='Deficiency Acceptance',
        help='容缺受理: the application can be accepted while this material is still missing.')
    allow_pledge = fields.Boolean(
        string='Notification Pledge',
        help='告知承诺: a written promise of the applicant can replace this material.')
    deficiency_days = fields.Integer(
        string='Supply Within (Working Days)', default=5,
        help='容缺受理: the material is supplied within these working days of the acceptance.')
    pledge_days = fields.Integer(
        string='Prove Pledge Within (Working Days)', default=20,
        help='告知承诺: the applicant proves the pledge kept within these working days of the '
             'acceptance.')

    @api.model
    def create(self, vals):
        material = super(AgencyItemMaterial, self).create(vals)
        material.item_id._post_material_change(_('Material added: %s') % material.name)
        return material

    @api.multi
    def write(self, vals):
        res = super(AgencyItemMaterial, self).write(vals)
        for material in self:
            material.item_id._post_material_change(_('Material changed: %s') % material.name)
        return res

    @api.multi
    def unlink(self):
        items = self.mapped('item_id')
        for material in self:
            material.item_id._post_material_change(_('Material removed: %s') % material.name)
        res = super(AgencyItemMaterial, self).unlink()
        items.exists()._mark_changed()
        return res
