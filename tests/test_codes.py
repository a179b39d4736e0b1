import random

from psycopg2 import IntegrityError
from stdnum.cn import ric, uscc

from odoo.tools import mute_logger

from odoo.addons.investment_agency.models import code_checks

from .common import AgencyCaseCommon


class TestCodeChecks(AgencyCaseCommon):
    """The public codes (DOMAIN.md examples) and their model-level checks. The checks run
    as the superuser, who reads the messages in Chinese."""

    def test_credit_code_function(self):
        self.assertIsNone(code_checks.check_credit_code('91110000600037341L'))
        self.assertIsNone(code_checks.check_credit_code('91150100MA0N7Q3K2E'))
        self.assertEqual(code_checks.check_credit_code('91110000600037341M'), 'check')
        self.assertEqual(code_checks.check_credit_code('91110000600037341'), 'length')
        self.assertEqual(code_checks.check_credit_code('9111000060003734IL'), 'characters')
        self.assertEqual(code_checks.credit_code_check_char('91110000600037341'), 'L')

    def test_credit_codes_as_python_stdnum_checks_them(self):
        """python-stdnum's published example and real codes, then 20 000 one- and
        two-character mutations: the module accepts exactly what stdnum accepts, letters
        where GB 32100 wants the department, type and area digits refused."""
        valid = ['91110000600037341L', '91150100MA0N7Q3K2E', '91150400MA0T2X6K3R',
                 '91150200MA0Y7W3P16', '11150000011508436R', '52150000MJ0000000E']
        valid = [code[:17] + uscc.calc_check_digit(code) for code in valid]
        self.assertEqual(valid[0], '91110000600037341L')
        alphabet = uscc._alphabet + 'IOSVZ' + '\uff11a '
        rng = random.Random(32100)
        for _i in range(20000):
            code = list(rng.choice(valid))
            for _change in range(rng.choice((1, 2))):
                code[rng.randrange(18)] = rng.choice(alphabet)
            code = ''.join(code)
            self.assertEqual(code_checks.check_credit_code(code) is None, uscc.is_valid(code),
                             code)
        self.assertEqual(code_checks.check_credit_code('A1110000600037341L'), 'characters')
        self.assertEqual(code_checks.normalize_credit_code(' 9111 0000-600037341l '),
                         '91110000600037341L')

    def test_id_numbers_as_python_stdnum_checks_them(self):
        """Generated numbers with real and unreal area codes (GB/T 2260), real and unreal
        birth dates, right and wrong check characters."""
        rng = random.Random(11643)
        areas = ['150102', '150105', '152502', '110105', '150000', '999999', '150199']
        for _i in range(5000):
            body = '%s%04d%02d%02d%03d' % (rng.choice(areas), rng.randrange(1890, 2030),
                                           rng.randrange(0, 14), rng.randrange(0, 33),
                                           rng.randrange(1000))
            number = body + (ric.calc_check_digit(body + 'X') if rng.random() < 0.8
                             else rng.choice('0123456789X'))
            try:
                code_checks.parse_id_number(number)
                ours = True
            except ValueError:
                ours = False
            birth_ok = ric.is_valid(number) and 1900 <= int(number[6:10]) and \
                ric.get_birth_date(number) <= code_checks.date.today()
            self.assertEqual(ours, birth_ok, number)
        self.assertEqual(code_checks.normalize_id_number('11010519491231002x'),
                         '11010519491231002X')
        self.assertEqual(code_checks.parse_id_number('11010519491231002x')[1], 'female')

    def test_division_codes(self):
        for code in ('150000', '150100', '150105', '152500', '152921'):
            self.assertTrue(code_checks.is_division_code(code), code)
        for code in ('150199', '159999', '999999', '15010', '\uff11' + '50100'):
            self.assertFalse(code_checks.is_division_code(code), code)
        self.assertEqual(code_checks.check_project_code('2026-150199-44-03-012345'), 'region')
        self.assertEqual(code_checks.check_project_code('\uff12' + '026-150102-44-03-012345'),
                         'shape')
        self.assertEqual(code_checks.check_phone('\uff11' + '3904711234'), 'shape')
        self.assertEqual(code_checks.check_postcode('01002\uff10'), 'shape')

    def test_id_number_function(self):
        birth, gender = code_checks.parse_id_number('11010519491231002X')
        self.assertEqual(birth.isoformat(), '1949-12-31')
        self.assertEqual(gender, 'female')
        self.assertEqual(code_checks.parse_id_number('150102198805143015')[1], 'male')
        # Each with the check digit of its first 17 digits, but the first one.
        for bad, reason in (('110105194912310021', 'check'),
                            ('110105194913310021', 'component'),   # month 13
                            ('1101051949123100', 'length'),
                            ('110105214912310025', 'birth'),       # born in the future
                            ('110105184912310020', 'birth')):      # born before 1900
            with self.assertRaisesRegex(ValueError, '^%s$' % reason, msg=bad):
                code_checks.parse_id_number(bad)

    def test_project_code_function(self):
        self.assertIsNone(code_checks.check_project_code('2026-150102-44-03-012345'))
        self.assertIsNone(code_checks.check_project_code('2021-150000-44-02-00001A'))
        self.assertEqual(code_checks.check_project_code('2026-150102-44-03-01234'), 'shape')
        self.assertEqual(code_checks.check_project_code('2026150102440301234X5678'), 'shape')
        self.assertEqual(code_checks.check_project_code('1999-150102-44-03-012345'), 'year')
        self.assertEqual(code_checks.check_project_code('2026-990102-44-03-012345'), 'region')

    def test_phone_and_postcode_functions(self):
        for good in ('13904711234', '0471-6666666', '04716666666', '0473-3123456-801', '12345'):
            self.assertIsNone(code_checks.check_phone(good), good)
        for bad in ('1390471123', '23904711234', '6666666', 'abc'):
            self.assertEqual(code_checks.check_phone(bad), 'shape', bad)
        self.assertIsNone(code_checks.check_postcode('010020'))
        self.assertEqual(code_checks.check_postcode('01002'), 'shape')

    def test_enterprise_checks(self):
        Partner = self.env['res.partner']
        self.assertInvalid(lambda: Partner.create({
            'name': 'x', 'is_company': True, 'agency_credit_code': '91110000600037341M'}),
            '“91110000600037341M”不是有效的统一社会信用代码：')
        partner = Partner.create({'name': 'y', 'is_company': True,
                                  'agency_credit_code': '91150300ma0q8r7t3x '})
        self.assertEqual(partner.agency_credit_code, '91150300MA0Q8R7T3X')
        self.assertInvalid(lambda: partner.write({'zip': '0100'}),
                           '“0100”不是有效的邮政编码：应为6位数字。')
        self.assertInvalid(lambda: partner.write({'phone': '123'}),
                           '“123”不是有效的联系电话：应为11位手机号码，或带区号的固定电话')
        # Unique: the database refuses a second enterprise with the same code (the
        # constraint's message is what the user reads).
        with mute_logger('odoo.sql_db'):
            self.assertRefused(lambda: Partner.create({
                'name': 'z', 'is_company': True, 'agency_credit_code': '91150300MA0Q8R7T3X'}),
                IntegrityError, 'violates unique constraint "res_partner_agency_credit_code_uniq"')
        # Partners that are not applicant enterprises keep Odoo's usual freedom.
        Partner.create({'name': 'foreign', 'zip': 'SW1A 1AA', 'phone': '+44 20 7946 0000'})

    def test_project_checks(self):
        project = self.project
        self.assertInvalid(lambda: project.write({'code': '2026-150302-26-03-00001'}),
                           '“2026-150302-26-03-00001”不是有效的项目代码：应为24位')
        investment = '“%s”的投资总额必须大于0且不超过100,000,000（万元）。' % project.name
        self.assertInvalid(lambda: project.write({'total_investment': 0}), investment)
        self.assertInvalid(lambda: project.write({'total_investment': -5}), investment)
        self.assertInvalid(lambda: project.write({'contact_phone': '12345678'}),
                           '“12345678”不是有效的联系电话：')
        self.assertInvalid(lambda: project.write({'partner_zip': '01600'}),
                           '“01600”不是有效的邮政编码：应为6位数字。')
        project.write({'code': ' 2026-150302-26-03-00002a '})
        self.assertEqual(project.code, '2026-150302-26-03-00002A')
        self.assertTrue(project.has_valid_code())

    def test_proxy_id_number_on_case(self):
        case = self.create_case()
        self.assertInvalid(lambda: case.write({'proxy_id_number': '110105194912310021'}),
                           '“110105194912310021”不是有效的居民身份证号码：')
        self.assertInvalid(lambda: case.write({'proxy_id_number': '11010519491231002X',
                                               'proxy_gender': 'male'}),
                           '性别与居民身份证号码11010519491231002X不符。')
        case.write({'proxy_id_number': '11010519491231002X', 'proxy_gender': 'female'})
        self.assertInvalid(lambda: self.agent_wuhai.write(
            {'agency_id_number': '150102198805143016'}), '“150102198805143016”不是有效的居民身份证号码：')
        self.agent_wuhai.write({'agency_id_number': '150102198805143015', 'agency_gender': 'male'})

    def test_chinese_messages(self):
        """The users of the product read the messages in Chinese."""
        project = self.project.with_context(lang='zh_CN')
        self.assertInvalid(lambda: project.write({'code': 'ABC'}),
                           '“ABC”不是有效的项目代码：应为24位，格式为YYYY-RRRRRR-DD-PP-NNNNNC'
                           '（年份、6位GB/T 2260行政区划代码、部门、项目类型、5位流水号和1位校验码）。')
        partner = self.env['res.partner'].with_context(lang='zh_CN')
        self.assertInvalid(lambda: partner.create({
            'name': 'x', 'is_company': True, 'agency_credit_code': '91110000600037341M'}),
            '“91110000600037341M”不是有效的统一社会信用代码：应为18位，前8位为数字（登记管理部门、'
            '机构类别和行政区划），其余为数字或除I、O、S、V、Z以外的大写字母，最后一位为校验码'
            '（GB 32100-2015）。')
        case = self.create_case().with_context(lang='zh_CN')
        self.assertInvalid(lambda: case.write({'proxy_id_number': '110105194912310021'}),
                           '“110105194912310021”不是有效的居民身份证号码：应为18位，出生日期真实'
                           '有效且校验码正确（GB 11643）。')
        region = self.env['agency.region'].with_context(lang='zh_CN')
        self.assertInvalid(lambda: region.create({
            'name': '坏', 'code': '15010', 'level': 'county', 'parent_id': self.region.id,
            'bureau_name': '坏'}), '区划代码“15010”不是GB/T 2260规定的6位代码。')
        item = self.item[7].with_context(lang='zh_CN')
        self.assertInvalid(lambda: item.write({'committed_days': 99}),
                           '“%s”的承诺时限（99个工作日）超过了法定时限（20个工作日），请调整。'
                           % self.item[7].name)
