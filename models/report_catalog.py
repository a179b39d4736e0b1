from odoo import api, models


class ReportCatalog(models.AbstractModel):
    """Annex 1, the reference catalog of the items, printed from selected items."""
    _name = 'report.investment_agency.report_catalog_document'
    _description = 'Annex 1: Reference Catalog'

    @api.model
    def get_report_values(self, docids, data=None):
        items = self.env['agency.item'].browse(docids)
        return {
            'doc_ids': docids,
            'doc_model': 'agency.item',
            'docs': items,
            'groups': self._group_rows([
                (item.department_type_id, item.department_type_id.name, item, False)
                for item in items]),
        }

    @api.model
    def _group_rows(self, rows):
        """The rows of the catalog table grouped by handling department, as Annex 1 prints
        them (one merged department cell per group): departments in the order of their
        type, items by number, 序号 running on.

        ``rows`` are (department type, department label, item, committed days); returns
        [{'department': label, 'rows': [{'index', 'item', 'type', 'days'}]}].
        """
        ordered = sorted(rows, key=lambda row: (row[0].sequence, row[1] or '', row[2].number))
        item_types = self.env['agency.item']._agency_labels('item_type')
        groups = []
        index = 0
        for dept_type, label, item, days in ordered:
            if not groups or groups[-1]['key'] != (dept_type.id, label):
                groups.append({'key': (dept_type.id, label), 'department': label, 'rows': []})
            index += 1
            groups[-1]['rows'].append({
                'index': index,
                'item': item,
                'type': item_types.get(item.item_type, ''),
                'days': days,
            })
        return groups
