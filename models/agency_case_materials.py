"""The materials a case still owes (容缺受理, 告知承诺, §一(二)3 and §二(六)): the counts the
case shows, and the check that keeps a case from being completed or archived while a
material is overdue and unsettled or a pledge is broken and its result stands."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .agency_case_line_material import OWED_STATUSES

# A broken pledge no longer blocks the case once its item has no result standing.
RESULTLESS_STATES = ('revoked', 'refused', 'withdrawn')


class AgencyCaseMaterials(models.AbstractModel):
    _name = 'agency.case.materials'
    _description = 'Agency Case: Materials Owed'

    material_owed_count = fields.Integer(
        string='Materials Owed', compute='_compute_material_counts',
        help='Materials missing (容缺) or pledged (告知承诺) and not settled yet.')
    material_overdue_count = fields.Integer(
        string='Materials Overdue', compute='_compute_material_counts',
        search='_search_material_overdue_count',
        help='Of those, the ones past their due date.')

    @api.multi
    def _compute_material_counts(self):
        Entry = self.env['agency.case.line.material'].sudo()
        domain = [('case_id', 'in', self.ids), ('status', 'in', OWED_STATUSES),
                  ('outcome', '=', 'pending')]
        owed = {group['case_id'][0]: group['case_id_count']
                for group in Entry.read_group(domain, ['case_id'], ['case_id'])}
        overdue = {group['case_id'][0]: group['case_id_count']
                   for group in Entry.read_group(domain + [('is_overdue', '=', True)],
                                                 ['case_id'], ['case_id'])}
        for case in self:
            case.material_owed_count = owed.get(case.id, 0)
            case.material_overdue_count = overdue.get(case.id, 0)

    def _search_material_overdue_count(self, operator, value):
        if (operator, value) not in (('>', 0), ('=', 0)):
            raise UserError(_('Unsupported search on the overdue materials of the cases.'))
        ids = self.env['agency.case.line.material'].sudo().search(
            [('is_overdue', '=', True)]).mapped('case_id').ids
        return [('id', 'in' if operator == '>' else 'not in', ids)]

    @api.multi
    def action_open_materials(self):
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_case_line_material').read()[0]
        action['domain'] = [('case_id', '=', self.id)]
        action['context'] = {'search_default_owed': 1}
        return action

    @api.multi
    def _check_materials_settled(self):
        """No completion nor archiving while a material owed is overdue and unsettled, or a
        pledge is broken and the result given on it still stands: decided on the
        checklist, whoever asks."""
        for case in self:
            entries = case.sudo().line_ids.mapped('material_ids')
            today = case.region_id._get_calendar().agency_today()
            blocking = entries.filtered(
                lambda entry: entry._overdue_on(today) or (
                    entry.outcome == 'broken'
                    and entry.line_id.state not in RESULTLESS_STATES))
            if blocking:
                names = ['%s · %s' % (entry.line_id.item_id.name, entry.material_id.name)
                         for entry in blocking]
                raise UserError(
                    _('Case %s: these materials are overdue and unsettled, or their pledge is '
                      'broken and the result of the item not revoked: %s')
                    % (case.name, '; '.join(names)))
