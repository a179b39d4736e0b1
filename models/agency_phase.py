from odoo import fields, models


class AgencyPhase(models.Model):
    """A stage of an investment project (立项 → 用地 → 规划 → 施工 → 竣工).

    Items of one phase may be handled in parallel; a later phase starts when
    the earlier ones are done.
    """
    _name = 'agency.phase'
    _description = 'Project Phase'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    item_ids = fields.One2many('agency.item', 'phase_id', string='Items')
