from datetime import date
from itertools import chain

from odoo import api, models

from .xlsx_worksheet import RowWorksheet, write_row_cells


class ReportAgencyXlsx(models.AbstractModel):
    """What the module's XLSX reports (OCA report_xlsx) share: the cell formats and the
    layout of a sheet — a title, a subtitle, headings, tables with a header row, text.
    Values keep their type: dates are written as dates, numbers as numbers."""
    _name = 'report.investment_agency.xlsx_base'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'XLSX Report Layout'

    @api.model
    def _formats(self, workbook):
        add = workbook.add_format
        cell = {'font_name': 'SimSun', 'font_size': 10, 'border': 1, 'valign': 'vcenter'}
        return {
            'title': add({'font_name': 'SimHei', 'font_size': 16, 'bold': True,
                          'align': 'center', 'valign': 'vcenter'}),
            'subtitle': add({'font_name': 'SimSun', 'font_size': 10}),
            'heading': add({'font_name': 'SimHei', 'font_size': 12, 'bold': True}),
            'header': add(dict(cell, bold=True, align='center', text_wrap=True,
                               bg_color='#D9E1F2')),
            'text': add(dict(cell, text_wrap=True)),
            'number': add(dict(cell, align='right')),
            'float': add(dict(cell, align='right', num_format='0.0')),
            'date': add(dict(cell, num_format='yyyy-mm-dd', align='center')),
            'total': add(dict(cell, bold=True)),
        }

    @api.model
    def _add_sheet(self, workbook, name, title, subtitle, widths):
        """A sheet with its title and subtitle over the columns; returns (sheet, formats,
        next row)."""
        formats = self._formats(workbook)
        sheet = workbook.add_worksheet(name[:31], worksheet_class=RowWorksheet)
        sheet._agency_columns = len(widths)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        sheet.merge_range(0, 0, 0, len(widths) - 1, title, formats['title'])
        sheet.set_row(0, 30)
        sheet.merge_range(1, 0, 1, len(widths) - 1, subtitle, formats['subtitle'])
        return sheet, formats, 2

    @api.model
    def _write_heading(self, sheet, formats, row, text):
        row += 1
        sheet.merge_range(row, 0, row, sheet._agency_columns - 1, text, formats['heading'])
        return row + 1

    @api.model
    def _write_table(self, sheet, formats, row, headers, rows, totals=None, freeze=False):
        """A header row (frozen if ``freeze``), the rows, and a bold totals row."""
        for col, header in enumerate(headers):
            sheet.write_string(row, col, header, formats['header'])
        sheet.set_row(row, 30)
        if freeze:
            sheet.freeze_panes(row + 1, 0)
        row += 1
        for values in chain(rows, [totals] if totals else []):
            bold = totals is not None and values is totals
            write_row_cells(sheet, row, [self._cell(formats, value, bold) for value in values])
            row += 1
        return row

    @api.model
    def _write_text(self, sheet, formats, row, value):
        sheet.merge_range(row, 0, row, sheet._agency_columns - 1, value or '', formats['text'])
        # Excel does not fit the height of merged cells: about 70 Chinese characters a line.
        lines = sum(len(part) // 70 + 1 for part in (value or '').split('\n'))
        sheet.set_row(row, 15 * lines)
        return row + 1

    @api.model
    def _cell(self, formats, value, bold=False):
        """How ``value`` is written: ``(kind, value, cell_format)``, the worksheet's
        ``write_<kind>`` (blank, number, datetime or string) with its value and format."""
        if value is None or value is False:
            return 'blank', None, formats['text']
        if isinstance(value, float):
            return 'number', value, formats['total' if bold else 'float']
        if isinstance(value, int):
            return 'number', value, formats['total' if bold else 'number']
        if isinstance(value, date):
            return 'datetime', value, formats['date']
        return 'string', str(value), formats['total' if bold else 'text']
