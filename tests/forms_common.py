import base64
import re

from odoo.addons.base.ir.ir_qweb.qweb import QWebException
from odoo.exceptions import AccessError

from stdnum.cn import ric

from odoo.addons.investment_agency.models.code_checks import credit_code_check_char

from .common import SERVICE_PLAN, AgencyTestCommon, message_of, verify_case
from .test_foundation import pdf_text


def flat(text):
    """The text of a PDF without its layout whitespace, to find phrases across columns."""
    return re.sub(r'\s+', '', text)


class AgencyFormsCommon(AgencyTestCommon):
    """A league without demo records (赤峰市) publishing three items, its manager and
    agent, an enterprise and a project, and helpers that walk a case through its flow."""

    @classmethod
    def setUpClass(cls):
        super(AgencyFormsCommon, cls).setUpClass()
        ref = cls.env.ref
        cls.region = cls.region_chifeng
        cls.item_filing = ref('investment_agency.item_enterprise_filing')            # 2, 发改
        cls.item_land = ref('investment_agency.item_land_preexamination')            # 7, 自然资源
        cls.item_permit = ref('investment_agency.item_construction_permit')          # 10, 住建
        cls.items = cls.item_filing | cls.item_land | cls.item_permit
        Publication = cls.env['agency.item.publication']
        publications = Publication.search([('region_id', '=', cls.region.id),
                                           ('item_id', 'in', cls.items.ids)])
        for item in cls.items - publications.mapped('item_id'):
            publications |= Publication.create({'region_id': cls.region.id, 'item_id': item.id})
        cls.env['agency.publication.change'].create({
            'publication_ids': [(6, 0, publications.filtered(
                lambda pub: pub.state != 'published').ids)],
            'action': 'publish',
            'date_effective': '2026-01-05',
        }).action_confirm()

        cls.manager_cf = cls._create_user('t_manager_cf', cls.group_manager, cls.region)
        id_number = '15040219880514301'
        id_number += ric.calc_check_digit(id_number + 'X')
        cls.agent_cf = cls._create_user(
            't_agent_cf', cls.group_agent, cls.region, name='孟凡宇', agency_gender='male',
            agency_id_number=id_number, agency_title='代办帮办员')
        cls.liaison_cf = cls._create_user('t_liaison_cf', cls.group_liaison, cls.region)
        cls.liaison_cf.agency_department_ids = [(6, 0, cls.env['agency.department'].search([
            ('region_id', '=', cls.region.id)]).ids)]
        cls.portal_user = cls._create_user('t_portal_cf', cls.group_portal, False)

        credit_code = '91150402MA0R7T2K3'
        cls.partner = cls.env['res.partner'].create({
            'name': '赤峰草原乳业科技有限公司',
            'is_company': True,
            'agency_credit_code': credit_code + credit_code_check_char(credit_code),
            'agency_legal_representative': '包玉龙',
            'street': '赤峰市红山区昭乌达路88号',
            'zip': '024000',
            'phone': '0476-8326688',
        })
        cls.project = cls.env['agency.project'].create({
            'name': '年产10万吨乳制品加工项目',
            'code': '2026-150402-14-03-000777',
            'partner_id': cls.partner.id,
            'region_id': cls.region.id,
            'address': '赤峰市红山区高新技术产业开发区',
            'total_investment': 56000,
            'funding_source': 'loan',
            'land_nature': 'allocated',
            'is_key_project': True,
            'main_use_scale': '建设液态奶、奶粉生产线各2条及冷链仓储设施。',
            'approval_progress': '已完成项目选址论证。',
            'contact_name': '乌云其其格',
            'contact_phone': '13947612345',
        })

    @classmethod
    def _create_case(cls, items=None, signed=True, **values):
        vals = {
            'project_id': cls.project.id,
            'region_id': cls.region.id,
            'user_id': cls.agent_cf.id,
            'date_applied': '2026-09-01',
            'item_ids': [(6, 0, (cls.items if items is None else items).ids)],
            'legal_representative': '包玉龙',
            'proxy_name': cls.agent_cf.name,
            'proxy_gender': 'male',
            'proxy_id_number': cls.agent_cf.agency_id_number,
            'proxy_unit': cls.region.bureau_name,
            'proxy_title': '代办帮办员',
        }
        vals.update(values)
        letters = {name: vals.pop(name) for name in ('date_authorization', 'date_commitment')
                   if name in vals}
        if signed:
            letters = dict({'date_authorization': '2026-09-03',
                            'date_commitment': '2026-09-04'}, **letters)
        vals.update(SERVICE_PLAN)
        case = verify_case(cls.env['agency.case'].create(vals))
        if letters:
            case.write(letters)
        return case

    @classmethod
    def _plan(cls, case):
        case.action_generate_plan()
        return case

    @classmethod
    def _close_lines(cls, case):
        for line in case.line_ids:
            line.write({'state': 'declared', 'date_declared': '2026-09-10'})
            line.write({'state': 'accepted', 'date_accepted': '2026-09-14'})
            line.write({'state': 'done', 'result_number': '赤审〔2026〕%d号' % line.id,
                        'result_date': '2026-11-18'})
        return case

    @classmethod
    def _stage(cls, step):
        return cls.env['agency.stage'].search([('flow_step', '=', step)], limit=1)

    @classmethod
    def _completed(cls, case):
        """Complete the case (its items closed): it is then rated."""
        case._complete('2026-11-20', [{'name': '营业执照', 'kind': 'original'}])
        return case

    @classmethod
    def _move_to(cls, case, step):
        case.write({'stage_id': cls._stage(step).id})
        return case

    def _render(self, xmlid, records, user=None):
        report = self.env.ref(xmlid)
        if user:
            report = report.sudo(user)
        pdf, fmt = report.render_qweb_pdf(records.ids)
        self.assertEqual(fmt, 'pdf')
        self.assertTrue(pdf.startswith(b'%PDF'), 'a real PDF is rendered')
        return pdf_text(pdf)

    def assertRenderRefused(self, xmlid, records, user, *messages):
        """Rendering as ``user`` fails on the access rules with an AccessError saying
        ``messages`` (QWeb wraps the AccessError raised while the template reads)."""
        self.assertTrue(messages, 'a refusal is asserted with its message')
        with self.assertRaises((AccessError, QWebException), msg=user.login) as caught:
            self._render(xmlid, records, user=user)
        error = caught.exception
        self.assertIsInstance(getattr(error, 'error', error), AccessError, user.login)
        for message in messages:
            self.assertIn(message, message_of(error), user.login)

    def _attachment_text(self, attachment):
        pdf = base64.b64decode(attachment.datas)
        self.assertTrue(pdf.startswith(b'%PDF'))
        return pdf_text(pdf)
