from odoo import fields, models


class AgencyDepartmentType(models.Model):
    """A kind of approving department (发改, 自然资源 …), instantiated per region."""
    _name = 'agency.department.type'
    _description = 'Department Type'
    _order = 'sequence, id'

    name = fields.Char(string='Short Name', required=True, translate=True,
                       help='As printed in the catalog, e.g. 发改部门.')
    code = fields.Char(required=True)
    department_suffix = fields.Char(
        string='Department Name Suffix', translate=True,
        help='Appended to the region name when the department of a region is created, '
             'e.g. 发展和改革委员会.')
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    item_ids = fields.One2many('agency.item', 'department_type_id', string='Items')

    _sql_constraints = [
        ('code_uniq', 'unique(code)', 'A department type with this code already exists.'),
    ]
