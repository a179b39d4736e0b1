from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# The case of the material, if it lies in the region given or below it: looked up for each
# material read (a few per case), never by listing the cases of a whole region.
CASE_IN_SUBTREE_SQL = """
    SELECT c.id FROM agency_case c
      JOIN agency_region r ON r.id = c.region_id
      JOIN agency_region own ON own.id = %s
     WHERE c.id = agency_case_returned_material.case_id
       AND r.parent_left >= own.parent_left AND r.parent_left < own.parent_right
"""
# The case of the material, if one of the departments given handles an item of it.
CASE_OF_DEPARTMENTS_SQL = """
    SELECT l.case_id FROM agency_case_line l
     WHERE l.case_id = agency_case_returned_material.case_id
       AND l.department_id = ANY(%s)
"""
MATERIAL_KINDS = [
    ('original', 'Original'),
    ('copy', 'Copy'),
]


class AgencyCaseReturnedMaterial(models.Model):
    """A material handed back to the applicant as the case is archived (归档返还材料,
    二(五)), completed or terminated: one line of the 移交资料清单 of Annexes 6 and 8."""
    _name = 'agency.case.returned.material'
    _description = 'Material Returned to the Applicant'
    _order = 'case_id, sequence, id'

    case_id = fields.Many2one('agency.case', string='Case', required=True, index=True,
                              ondelete='cascade')
    sequence = fields.Integer(default=10)
    name = fields.Char(string='Material', required=True)
    kind = fields.Selection(MATERIAL_KINDS, string='Original or Copy', required=True,
                            default='original')
    copies = fields.Integer(required=True, default=1,
                            help='Number of copies or sets handed back.')
    date_returned = fields.Date(string='Returned On', required=True)
    received_by = fields.Char(required=True,
                              help="The applicant's person who received the material.")
    note = fields.Char()
    scope_region_id = fields.Many2one(
        'agency.region', string='Within Region', compute='_compute_scopes',
        search='_search_scope_region',
        help='Technical: searching it for a region gives the materials of the cases of that '
             'region and of the regions below it (the agents\' record rule).')
    scope_department_ids = fields.Many2many(
        'agency.department', string='Departments Handling', compute='_compute_scopes',
        search='_search_scope_departments',
        help='Technical: searching it for departments gives the materials of the cases they '
             'handle items of (the liaison agents\' record rule).')

    @api.depends('case_id.region_id', 'case_id.line_department_ids')
    def _compute_scopes(self):
        for material in self:
            material.scope_region_id = material.case_id.region_id
            material.scope_department_ids = material.case_id.line_department_ids

    # The record rules: each material's case is looked up, never the cases of a region or
    # of departments listed.
    def _search_scope_region(self, operator, value):
        if operator != '=':
            raise UserError(_('Unsupported search on the region of the materials.'))
        return [('case_id', 'inselect', (CASE_IN_SUBTREE_SQL, [value or 0]))]

    def _search_scope_departments(self, operator, value):
        if operator not in ('in', '='):
            raise UserError(_('Unsupported search on the departments handling a case.'))
        ids = [value] if isinstance(value, int) else list(value or [])
        return [('case_id', 'inselect', (CASE_OF_DEPARTMENTS_SQL, [ids or [0]]))]

    @api.constrains('copies', 'date_returned', 'case_id')
    def _check_material(self):
        for material in self:
            # The case read as superuser: a record out of the user's reach is refused by
            # the record rules (AccessError), not by a failing read in a constraint.
            case = material.sudo().case_id
            if material.copies < 1:
                raise ValidationError(_('Case %s: the material %s is handed back in one copy '
                                        'or more.') % (case.name, material.name))
            if material.date_returned > case._today():
                raise ValidationError(_('Case %s: the material %s cannot be returned on %s, '
                                        'a day in the future.')
                                      % (case.name, material.name, material.date_returned))
            if case.date_applied and material.date_returned < case.date_applied:
                raise ValidationError(_('Case %s: the material %s cannot be returned on %s, '
                                        'before the application (%s).')
                                      % (case.name, material.name, material.date_returned,
                                         case.date_applied))

    @api.model
    def create(self, vals):
        self.browse()._check_reach('create', vals.get('case_id'))
        material = super(AgencyCaseReturnedMaterial, self).create(vals)
        material._check_case_open()
        return material

    @api.multi
    def write(self, vals):
        self._check_reach('write', vals.get('case_id'))
        self._check_case_open()
        res = super(AgencyCaseReturnedMaterial, self).write(vals)
        self._check_case_open()
        return res

    @api.multi
    def unlink(self):
        self._check_reach('unlink')
        self._check_case_open()
        return super(AgencyCaseReturnedMaterial, self).unlink()

    @api.multi
    def _check_reach(self, operation, case_id=None):
        """The access rights and the record rules refuse first (an AccessError in the
        user's words), before any check of the values or of a closed case: a material is
        kept on a case the user may work on (``case_id``: the case it is put on)."""
        self.check_access_rights(operation)
        self.check_access_rule(operation)
        if case_id and not self.pool._init:
            self.env['agency.case'].browse(case_id).check_access_rule('write')

    @api.multi
    def _check_case_open(self):
        """The list is printed on the signed completion or termination form: it is final
        once the case is closed."""
        closed = self.sudo().mapped('case_id').filtered('is_closed')
        if closed and not self.pool._init:
            raise UserError(_('Case %s is closed: its list of returned materials is printed '
                              'on its form and does not change.')
                            % ', '.join(closed.mapped('name')))
