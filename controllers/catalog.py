"""The public catalog (§二(二) 公布事项清单): each region's published items, their
departments, types, committed limits and materials, for everyone, no login.

Only published and withdrawn entries of the published lists are shown (drafts
are the bureaus' work in progress); they are read with superuser rights, since
visitors have no access to the catalog models.
"""
from collections import OrderedDict

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request

from . import wording

PUBLIC_STATES = ('published', 'withdrawn')
# The forms a region publishes without a case: its flow chart (Annex 2) and the blank
# Annexes 3-8 walk-in applicants fill by hand, by the name of their link.
REGION_FORMS = OrderedDict([
    ('flow', 'investment_agency.report_region_flow'),
    ('application', 'investment_agency.report_blank_application'),
    ('authorization', 'investment_agency.report_blank_authorization'),
    ('commitment', 'investment_agency.report_blank_commitment'),
    ('completion', 'investment_agency.report_blank_completion'),
    ('evaluation', 'investment_agency.report_blank_evaluation'),
    ('termination', 'investment_agency.report_blank_termination'),
])


class AgencyPublicCatalog(http.Controller):

    def _publications(self):
        return request.env['agency.item.publication'].sudo()

    def _search_domain(self, search):
        """Items whose name, number, department or material matches ``search``."""
        search = (search or '').strip()
        if not search:
            return []
        domain = ['|', '|', '|', ('item_id.name', 'ilike', search),
                  ('department_id.name', 'ilike', search),
                  ('item_id.department_type_id.name', 'ilike', search),
                  ('item_id.material_ids.name', 'ilike', search)]
        if search.isdigit():
            domain = ['|', ('item_number', '=', int(search))] + domain
        return domain

    def _render(self, template, values):
        values.update(wording.values(request.env))
        return request.render(template, values)

    def _region(self, code):
        region = request.env['agency.region'].sudo().search([('code', '=', code)], limit=1)
        if not region:
            raise NotFound()
        return region

    def _region_with_list(self, code):
        """The region if it has a published list (its catalog page exists), else 404."""
        region = self._region(code)
        if not self._publications().search_count(
                [('region_id', '=', region.id), ('state', 'in', PUBLIC_STATES)]):
            raise NotFound()
        return region

    def _regions_with_lists(self):
        """{region: number of published items}, regions in the order of the tree."""
        groups = self._publications().read_group(
            [('state', '=', 'published')], ['region_id'], ['region_id'])
        counts = {group['region_id'][0]: group['region_id_count'] for group in groups}
        regions = request.env['agency.region'].sudo().browse(list(counts)).sorted('parent_left')
        return OrderedDict((region, counts[region.id]) for region in regions)

    @http.route(['/bangninban/catalog'], type='http', auth='public', website=True)
    def catalog(self, search='', **kw):
        publications = self._publications()
        if search.strip():
            publications = publications.search(
                [('state', '=', 'published')] + self._search_domain(search),
                order='region_id, item_number')
        return self._render('investment_agency.catalog_regions', {
            'regions': self._regions_with_lists(),
            'search': search,
            'results': publications,
        })

    @http.route(['/bangninban/catalog/<string:code>'], type='http', auth='public',
                website=True)
    def catalog_region(self, code, search='', **kw):
        region = self._region(code)
        publications = self._publications().search(
            [('region_id', '=', region.id), ('state', 'in', PUBLIC_STATES)]
            + self._search_domain(search), order='item_number')
        if not publications and not search.strip():
            raise NotFound()
        published = publications.filtered(lambda pub: pub.state == 'published')
        by_department = OrderedDict()
        for publication in published.sorted(lambda pub: (
                pub.item_id.department_type_id.sequence, pub.item_number)):
            department = publication.department_id.name or \
                publication.item_id.department_type_id.name
            by_department.setdefault(department, []).append(publication)
        return self._render('investment_agency.catalog_region', {
            'region': region,
            'forms': self._form_links(),
            'search': search,
            'by_department': by_department,
            'published_count': len(published),
            'withdrawn': publications - published,
        })

    @http.route(['/bangninban/catalog/<string:code>/<int:number>'], type='http',
                auth='public', website=True)
    def catalog_item(self, code, number, **kw):
        region = self._region(code)
        publication = self._publications().search([
            ('region_id', '=', region.id), ('item_number', '=', number),
            ('state', 'in', PUBLIC_STATES)], limit=1)
        if not publication:
            raise NotFound()
        return self._render('investment_agency.catalog_item', {
            'region': region,
            'publication': publication,
            'item': publication.item_id,
            'history': publication.event_ids.filtered(lambda ev: ev.state == 'applied'),
        })

    @http.route(['/bangninban/catalog/<string:code>/flow'], type='http', auth='public',
                website=True)
    def catalog_region_flow(self, code, **kw):
        """The region's published flow chart (Annex 2 without a case)."""
        region = self._region_with_list(code)
        parser = request.env['report.investment_agency.report_region_flow_document'].sudo()
        values = parser.with_context(lang='zh_CN').get_report_values(region.ids)
        return self._render('investment_agency.catalog_region_flow', {
            'region': region,
            'chart': values['flow_chart'](values['docs'][0]),
            'forms': self._form_links(),
        })

    @http.route(['/bangninban/catalog/<string:code>/forms/<string:name>.pdf'], type='http',
                auth='public', website=True)
    def catalog_region_form(self, code, name, **kw):
        """A form of the region as a PDF: its flow chart, or Annexes 3-8 blank."""
        region = self._region_with_list(code)
        if name not in REGION_FORMS:
            raise NotFound()
        report = request.env.ref(REGION_FORMS[name]).sudo().with_context(lang='zh_CN')
        pdf, _format = report.render_qweb_pdf(region.ids)
        filename = '%s-%s.pdf' % (report.name, region.name)
        return request.make_response(pdf, headers=[
            ('Content-Type', 'application/pdf'),
            ('Content-Length', len(pdf)),
            ('Content-Disposition', content_disposition(filename)),
        ])

    def _form_links(self):
        """[(name, label)] of the region's forms, for the links of its pages."""
        return [(name, request.env.ref(xmlid).sudo().name)
                for name, xmlid in REGION_FORMS.items()]
