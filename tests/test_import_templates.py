import csv
import io
from datetime import date

import openpyxl

from odoo.modules.module import get_module_resource

from .common import AgencyTestCommon


def template(name):
    with open(get_module_resource('investment_agency', 'data', 'templates', name), 'rb') as f:
        return f.read()


def as_xlsx(content):
    """The rows of a CSV file as an XLSX workbook (what an administrator saves from Excel)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(content.decode('utf-8'))):
        sheet.append([int(value) if value.isdigit() else value for value in row])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


class TestImportTemplates(AgencyTestCommon):
    """The import templates of data/templates/ go through Odoo's import (base_import) as a
    catalog administrator: holidays and make-up working days of a year, items with their
    materials; a second import of the same file updates instead of adding."""

    def _import(self, model, content, file_type='text/csv', user=None):
        wizard = self.env['base_import.import'].sudo(user or self.catalog_admin).create({
            'res_model': model, 'file': content, 'file_type': file_type,
            'file_name': 'template.%s' % ('csv' if file_type == 'text/csv' else 'xlsx')})
        options = {'headers': True, 'quoting': '"', 'separator': ',', 'encoding': 'utf-8',
                   'date_format': '%Y-%m-%d', 'datetime_format': '',
                   'float_thousand_separator': ',', 'float_decimal_separator': '.'}
        preview = wizard.parse_preview(options)
        self.assertNotIn('error', preview, preview)
        messages = wizard.do(preview['headers'], options)
        self.assertEqual([m for m in messages if m['type'] == 'error'], [], messages)
        return preview

    def test_holidays_and_workdays_of_the_next_year(self):
        Leave = self.env['resource.calendar.leaves']
        Workday = self.env['resource.calendar.workday']
        holidays = [('calendar_id', '=', self.calendar.id), ('resource_id', '=', False)]
        before = (Leave.search_count(holidays), Workday.search_count([]))
        # The shipped templates (2026) import again without adding anything.
        self._import('resource.calendar.leaves', template('public_holidays.csv'))
        self._import('resource.calendar.workday', template('makeup_working_days.csv'))
        self.assertEqual((Leave.search_count(holidays), Workday.search_count([])), before)
        new_year = self.env.ref('investment_agency.holiday_2026_new_year')
        self.assertEqual((new_year.date_from, new_year.date_to),
                         ('2025-12-31 16:00:00', '2026-01-03 15:59:59'))
        self.assertEqual((new_year.agency_date_from, new_year.agency_date_to),
                         ('2026-01-01', '2026-01-03'))
        # The next year, filled in from the template (here: an XLSX file).
        calendar = self.calendar
        self.assertEqual(calendar.agency_working_days_between('2026-12-31', '2027-01-01'), 1)
        self.assertEqual(calendar.agency_add_working_days('2026-12-31', 1), date(2027, 1, 1))
        leaves = template('public_holidays.csv').decode('utf-8').splitlines()[0] + '\n' + \
            '__import__.holiday_2027_new_year,2027年元旦,investment_agency.calendar_agency,' \
            'Asia/Shanghai,2027-01-01,2027-01-01\n'
        self._import('resource.calendar.leaves', as_xlsx(leaves.encode('utf-8')),
                     'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        workdays = 'id,name,date,calendar_id/id\n' \
            '__import__.workday_2027_test,调休上班,2027-01-02,investment_agency.calendar_agency\n'
        self._import('resource.calendar.workday', workdays.encode('utf-8'))
        holiday = self.env.ref('__import__.holiday_2027_new_year')
        self.assertEqual((holiday.date_from, holiday.date_to),
                         ('2026-12-31 16:00:00', '2027-01-01 15:59:59'))
        self.env['resource.calendar'].invalidate_cache()
        # 2027-01-01 (Friday) is off, Saturday 2027-01-02 is worked.
        self.assertEqual(calendar.agency_working_days_between('2026-12-31', '2027-01-01'), 0)
        self.assertEqual(calendar.agency_working_days_between('2026-12-31', '2027-01-04'), 2)
        self.assertEqual(calendar.agency_add_working_days('2026-12-31', 1), date(2027, 1, 2))

    def test_items_with_materials(self):
        content = template('items_with_materials.csv')
        preview = self._import('agency.item', content)
        self.assertIn('material_ids/name', preview['headers'])
        item = self.env['agency.item'].search([('number', '=', 23)])
        self.assertEqual(len(item), 1)
        self.assertEqual((item.name, item.department_type_id, item.item_type, item.phase_id,
                          item.statutory_days, item.committed_days, item.parallel),
                         ('建设项目环境影响报告书审批',
                          self.env.ref('investment_agency.dept_type_ecology'), 'license',
                          self.env.ref('investment_agency.phase_land'), 60, 30, True))
        self.assertEqual(item.material_ids.sorted('sequence').mapped('name'), [
            '建设项目环境影响评价审批申请表', '建设项目环境影响报告书', '项目立项文件(核准、备案或审批文件)'])
        self.assertEqual(item.material_ids.filtered('allow_deficiency').mapped('name'),
                         ['项目立项文件(核准、备案或审批文件)'])
        # An XLSX file of the same form: another item, its materials.
        rows = content.decode('utf-8').splitlines()
        other_row = (rows[1].replace('__import__.item_23', '__import__.item_24')
                     .replace(',23,', ',24,').replace('报告书审批', '报告表审批'))
        other = '\n'.join([rows[0], other_row, rows[2]]) + '\n'
        self._import('agency.item', as_xlsx(other.encode('utf-8')),
                     'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        item24 = self.env['agency.item'].search([('number', '=', 24)])
        self.assertEqual(item24.name, '建设项目环境影响报告表审批')
        self.assertEqual(len(item24.material_ids), 2)
        # The same file again updates the item itself (its id), not a second item 23.
        self._import('agency.item', content.replace('60,30'.encode(), '60,20'.encode()))
        self.assertEqual(self.env['agency.item'].search_count([('number', '=', 23)]), 1)
        self.assertEqual(item.committed_days, 20)
        # … but adds the material rows again (they have no id): data/templates/README.md
        # says to import an item's materials once.
        self.assertEqual(len(item.material_ids), 6)
