from .common import AgencyHttpCase


class TestPortalTour(AgencyHttpCase):
    """A browser (phantomjs) applies through the portal form: the agency_apply tour."""

    def test_apply_through_the_portal_form(self):
        ref = self.env.ref
        region = ref('investment_agency.region_ulanqab')
        item_filing = ref('investment_agency.item_enterprise_filing')
        self.publish(region, item_filing | ref('investment_agency.item_land_preexamination'))
        company = self.env['res.partner'].create({
            'name': '乌兰察布丁公司', 'is_company': True,
            'agency_credit_code': '91150100MA0R8C4Y5H', 'agency_legal_representative': '丁总',
            'street': '乌兰察布市集宁区三路3号', 'zip': '012000', 'phone': '0474-8123456'})
        # The applicant speaks the database's language, as in real life.
        user = self.create_user('t_tour_applicant', ref('base.group_portal'), lang='zh_CN')
        user.partner_id.write({'parent_id': company.id, 'mobile': '13904741234'})
        self.sync()
        self.phantom_js(
            '/my/agency/apply',
            "odoo.__DEBUG__.services['web_tour.tour'].run('agency_apply')",
            "odoo.__DEBUG__.services['web_tour.tour'].tours.agency_apply",
            login=user.login, timeout=180)
        self.refresh()
        case = self.env['agency.case'].search([('partner_id', '=', company.id)])
        self.assertEqual(len(case), 1, 'the tour filed one application')
        self.assertEqual(case.region_id, region)
        self.assertEqual(case.channel, 'online')
        self.assertEqual(case.flow_step, 'apply')
        self.assertEqual(case.item_ids, item_filing)
        self.assertEqual(case.project_id.name, '浏览器测试智能制造项目')
        self.assertEqual(case.project_id.total_investment, 8800)
        self.assertEqual(case.project_id.contact_phone, '13904741234')
