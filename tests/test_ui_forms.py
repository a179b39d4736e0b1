"""Issue 13, item 6 and the smaller items: the walk-in enterprise form (Annex 3) used
wherever an enterprise is created, every error of a form at once, the reason of a change
of the published list, 项目类别 consistent with the 重点项目 box, holidays as days, the
home action of the service's users."""
from lxml import etree

from odoo.exceptions import UserError

from .common import AgencyCaseCommon, today_is


class TestWalkInEnterprise(AgencyCaseCommon):

    def test_project_form_opens_the_enterprise_form(self):
        arch = etree.fromstring(self.env['agency.project'].fields_view_get(
            view_type='form')['arch'])
        field = arch.xpath("//field[@name='partner_id']")[0]
        self.assertIn("'form_view_ref': 'investment_agency.view_partner_enterprise_form'",
                      field.get('context'))
        self.assertIn('no_quick_create', field.get('options'))
        view = self.env['res.partner'].fields_view_get(
            view_id=self.env.ref('investment_agency.view_partner_enterprise_form').id,
            view_type='form')
        names = set(view['fields'])
        # Annex 3: 项目单位名称, 统一社会信用代码, 法定代表人, 地址, 邮编, 电话.
        self.assertLessEqual({'name', 'agency_credit_code', 'agency_legal_representative',
                              'street', 'zip', 'phone'}, names)
        # Not Odoo's generic contact form: no tax ID, website, sales and purchases.
        self.assertFalse(names & {'vat', 'website', 'customer', 'supplier', 'user_id'})
        arch = etree.fromstring(view['arch'])
        for name in ('name', 'agency_credit_code', 'agency_legal_representative', 'street',
                     'zip', 'phone'):
            self.assertEqual(arch.xpath("//field[@name='%s']" % name)[0].get('required'), '1')

    def test_enterprise_errors_come_at_once(self):
        error = self.assertInvalid(
            lambda: self.env['res.partner'].sudo(self.agent_wuhai).create({
                'name': '乌海市窗口企业', 'is_company': True,
                'agency_credit_code': '91110000600037341M',
                'agency_legal_representative': '钱法人', 'street': '乌海市一路',
                'zip': '01600', 'phone': '12345678'}),
            '"91110000600037341M" is not a valid unified social credit code: 18 characters',
            '\n"01600" is not a valid postcode: six digits.',
            '\n"12345678" is not a valid phone number: a mobile number of 11 digits or a '
            'landline with its area code (e.g. 0471-6666666).')
        self.assertEqual(len(error.name.split('\n')), 3)

    def test_project_form_errors_come_at_once(self):
        """A bad project code, a bad contact phone and a bad enterprise phone, saved from
        the project form: one message with the three problems."""
        bad_phone = '"%s" is not a valid phone number: a mobile number of 11 digits'
        bad_postcode = '"%s" is not a valid postcode: six digits.'
        self.assertInvalid(
            lambda: self.project.with_context(lang='en_US').write({
                'code': 'BAD-CODE', 'contact_phone': '123', 'partner_phone': '456',
                'partner_zip': '7'}),
            '"BAD-CODE" is not a valid project code: expected 24 characters',
            bad_phone % '123', bad_phone % '456', bad_postcode % '7')
        self.assertEqual(self.project.contact_phone, '13904731234')
        self.assertInvalid(
            lambda: self.env['agency.project'].with_context(lang='en_US').create({
                'name': '坏项目', 'partner_id': self.company.id, 'region_id': self.region.id,
                'address': '乌海', 'total_investment': -1, 'contact_name': '经办',
                'contact_phone': '1', 'partner_zip': 'x'}),
            'The total investment of "坏项目" must be more than 0 and at most 100,000,000',
            bad_phone % '1', bad_postcode % 'x')

    def test_case_errors_come_at_once(self):
        case = self.create_case()
        # (As the superuser, in Chinese.)
        self.assertInvalid(
            lambda: case.write({'proxy_id_number': '11010519491231002Y', 'proxy_name': '代办人',
                                'date_authorization': '2026-08-01'}),
            '“11010519491231002Y”不是有效的居民身份证号码：',
            '\n授权委托签订日期（2026-08-01）应在申请日期与今天之间。')


class TestSmallerItems(AgencyCaseCommon):

    def test_category_follows_the_key_project_box(self):
        Project = self.env['agency.project']
        self.assertEqual(Project.default_get(['category'])['category'], 'attraction')
        self.assertEqual(Project.with_context(default_is_key_project=True).default_get(
            ['category'])['category'], 'key')
        project = Project.new({'is_key_project': False, 'category': 'key'})
        project._onchange_is_key_project()
        self.assertEqual(project.category, 'attraction')
        project.category = 'key'
        project._onchange_category()
        self.assertTrue(project.is_key_project)
        self.project.write({'category': 'key'})
        self.assertTrue(self.project.is_key_project)

    def test_holidays_are_entered_as_days(self):
        view = self.env['resource.calendar.leaves'].fields_view_get(
            view_id=self.env.ref('investment_agency.view_agency_holiday_tree').id,
            view_type='tree')
        self.assertEqual(view['fields']['agency_date_from']['type'], 'date')
        self.assertEqual(view['fields']['agency_date_to']['type'], 'date')
        self.assertNotIn('date_from', view['fields'])
        self.assertNotIn('date_to', view['fields'])
        leave = self.env['resource.calendar.leaves'].with_context(
            default_tz='Asia/Shanghai').create({
                'name': '测试假日', 'calendar_id': self.calendar.id,
                'agency_date_from': '2026-10-01', 'agency_date_to': '2026-10-03'})
        self.assertEqual((leave.agency_date_from, leave.agency_date_to),
                         ('2026-10-01', '2026-10-03'))

    def test_adjusting_or_withdrawing_needs_a_reason(self):
        publication = self.env['agency.item.publication'].search([
            ('region_id', '=', self.region.id), ('item_id', '=', self.item[2].id)])
        Change = self.env['agency.publication.change'].with_context(
            lang='en_US', active_model='agency.item.publication', active_ids=publication.ids)
        with today_is('2026-10-12'):
            for action, values in (('adjust', {'committed_days': 1}), ('withdraw', {})):
                wizard = Change.create(dict(values, action=action, date_effective='2026-10-12'))
                self.assertRefused(wizard.action_confirm, UserError,
                                   'Give the reason for adjusting or withdrawing the items: it '
                                   'is kept in the history of the published list.')
            Change.create({'action': 'adjust', 'date_effective': '2026-10-12',
                           'committed_days': 1, 'note': '压减承诺时限'}).action_confirm()
        event = publication.event_ids.filtered(lambda ev: ev.action == 'adjust')
        self.assertEqual(event.note, '压减承诺时限')
        self.assertEqual(publication.committed_days, 1)

    def test_service_users_open_the_service_after_login(self):
        cases = self.env.ref('investment_agency.action_agency_case').id
        items = self.env.ref('investment_agency.action_agency_case_line_department').id
        self.assertEqual(self.agent_wuhai.action_id.id, cases)
        self.assertEqual(self.manager_wuhai.action_id.id, cases)
        self.assertEqual(self.liaison_wuhai_nr.action_id.id, items)
        self.assertFalse(self.plain_user.action_id)
        self.plain_user.groups_id = [(4, self.group_agent.id)]
        self.assertEqual(self.plain_user.action_id.id, cases)
        for xmlid in ('investment_agency.user_agent_demo', 'base.user_root'):
            self.assertEqual(self.env.ref(xmlid).action_id.id, cases, xmlid)
