from odoo import api, models

from .dates import format_cn_date


class ReportPublishedList(models.AbstractModel):
    """A region's published list of items (《事项清单》), in the layout of Annex 1."""
    _name = 'report.investment_agency.report_published_list_document'
    _description = 'Published List of a Region'

    @api.model
    def get_report_values(self, docids, data=None):
        regions = self.env['agency.region'].browse(docids)
        publications = self.env['agency.item.publication'].search([
            ('region_id', 'in', regions.ids), ('state', '=', 'published')])
        catalog = self.env['report.investment_agency.report_catalog_document']
        groups = {}
        for region in regions:
            rows = [(pub.item_id.department_type_id,
                     pub.department_id.name or pub.item_id.department_type_id.name,
                     pub.item_id, pub.committed_days)
                    for pub in publications if pub.region_id == region]
            groups[region.id] = catalog._group_rows(rows)
        return {
            'doc_ids': docids,
            'doc_model': 'agency.region',
            'docs': regions,
            'groups': groups,
            'print_date': format_cn_date(self.env['resource.calendar'].agency_today()),
        }
