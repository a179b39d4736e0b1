from odoo import api, fields, models


class AgencyRegionStage(models.Model):
    """A region's own wording of a step of its published flow chart: the autonomous
    region's bureau publishes the model chart (Annex 2, the stages' descriptions), each
    region above the county refines it and publishes its own (§二(五))."""
    _name = 'agency.region.stage'
    _description = 'Flow Chart Step of a Region'
    _order = 'region_id, stage_sequence, id'

    region_id = fields.Many2one('agency.region', string='Region', required=True,
                                ondelete='cascade', index=True)
    stage_id = fields.Many2one('agency.stage', string='Stage', required=True,
                               ondelete='cascade')
    stage_sequence = fields.Integer(related='stage_id.sequence', store=True, readonly=True)
    description = fields.Text(required=True,
                              help='What the region\'s flow chart says of this step, in place '
                                   'of the model text of the stage.')

    _sql_constraints = [
        ('region_stage_unique', 'unique(region_id, stage_id)',
         'A region words each step of its flow chart once.'),
    ]

    @api.model
    def _descriptions(self, region):
        """{stage: text} of the flow chart of ``region``: its own wording of a step, else
        the nearest region above it that has one, else the stage's model text."""
        result = {stage: stage.description or ''
                  for stage in self.env['agency.stage'].sudo().search([])}
        if not region:
            return result
        ancestors = self.env['agency.region'].sudo().search(
            [('id', 'parent_of', region.id)], order='parent_left')
        for step in self.sudo().search([('region_id', 'in', ancestors.ids)]).sorted(
                lambda step: step.region_id.parent_left):
            result[step.stage_id] = step.description
        return result
