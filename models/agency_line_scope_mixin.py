from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .agency_case_line import CASES_IN_SUBTREE_SQL


class AgencyLineScopeMixin(models.AbstractModel):
    """What belongs to one case item (its materials, its special procedures), and the
    fields its record rules search: the region of the item's case and the item's
    department. They go through the item: the related columns of a new record are filled
    after its rules are checked, the item's case and department are known from the start."""
    _name = 'agency.line.scope.mixin'
    _description = 'Record of a Case Item'

    line_id = fields.Many2one('agency.case.line', string='Case Item', required=True,
                              index=True, ondelete='cascade')
    scope_region_id = fields.Many2one(
        'agency.region', string='Within Region', compute='_compute_scopes',
        search='_search_scope_region',
        help='Technical: searching it for a region gives the records of the items of that '
             'region and of the regions below it.')
    scope_department_ids = fields.Many2many(
        'agency.department', string='Within Departments', compute='_compute_scopes',
        search='_search_scope_departments',
        help='Technical: searching it for departments gives the records of their items.')

    @api.depends('line_id.case_id.region_id', 'line_id.department_id')
    def _compute_scopes(self):
        for record in self:
            record.scope_region_id = record.line_id.case_id.region_id
            record.scope_department_ids = record.line_id.department_id

    def _search_scope_region(self, operator, value):
        if operator != '=':
            raise UserError(_('Unsupported search on the region of the records of the case '
                              'items.'))
        return [('line_id', 'inselect', (
            'SELECT l.id FROM agency_case_line l WHERE l.case_id IN (%s)'
            % CASES_IN_SUBTREE_SQL, [value or 0]))]

    def _search_scope_departments(self, operator, value):
        if operator not in ('in', '='):
            raise UserError(_('Unsupported search on the departments of the records of the '
                              'case items.'))
        ids = [value] if isinstance(value, int) else list(value or [])
        return [('line_id', 'inselect', (
            'SELECT id FROM agency_case_line WHERE department_id = ANY(%s)', [ids or [0]]))]
