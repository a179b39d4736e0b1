from odoo import api, fields, models

FLOW_STEPS = [
    ('apply', 'Application'),
    ('verify', 'Contact and Verification'),
    ('sign', 'Letters Signed'),
    ('plan', 'Service Plan'),
    ('declare', 'Declaration and Handling'),
    ('feedback', 'Result Feedback'),
    ('archive', 'Archiving and Return'),
    ('done', 'Completed'),
    ('evaluate', 'Follow-up and Evaluation'),
    ('terminated', 'Terminated'),
]
# The order of the Annex 2 flow (§二(五)): the follow-up and evaluation (回访评价) rates a
# completed service, so it comes after the completion (办结); both count as completed.
COMPLETED_STEPS = ('done', 'evaluate')
CLOSED_STEPS = COMPLETED_STEPS + ('terminated',)


class AgencyStage(models.Model):
    """A stage of a case, bound to a step of the Annex 2 flow."""
    _name = 'agency.stage'
    _inherit = ['agency.name']
    _description = 'Case Stage'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string='Folded in Kanban')
    description = fields.Text(translate=True, help='Shown to the agent on the case in this stage.')
    flow_step = fields.Selection(FLOW_STEPS, required=True,
                                 help='The step of the Annex 2 flow this stage stands for; '
                                      'the gates of the case rely on it.')
    is_closed = fields.Boolean(compute='_compute_is_closed', store=True)

    @api.depends('flow_step')
    def _compute_is_closed(self):
        for stage in self:
            stage.is_closed = stage.flow_step in CLOSED_STEPS
