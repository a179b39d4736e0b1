"""A worksheet for long XLSX tables (the work ledger: tens of thousands of rows).

The module's XLSX reports stream their rows (xlsxwriter's ``constant_memory`` mode: each row
is written to disk once the next begins). xlsxwriter 3.2.2, the last release for Python 3.7,
builds each cell of such a row attribute by attribute, escaping each, and writes it apart:
about 5 µs a cell, most of a whole region's ledger (1.7 million cells). This worksheet writes
a plain row (styled strings, numbers, dates and blanks, nothing to escape, default height)
in one piece, and leaves any other row to xlsxwriter. The XML is xlsxwriter's, byte for
byte (``tests/test_supervision.py`` writes the same sheet both ways and compares)."""
import re
from functools import lru_cache

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

COLUMN_NAME = lru_cache(maxsize=None)(xl_col_to_name)
# What xlsxwriter would change in an inline string (XML escapes, control characters and
# their _xHHHH_ escapes, rich strings), or mark (leading or trailing white space).
NOT_PLAIN = re.compile(r'[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$')


class RowWorksheet(Worksheet):
    """xlsxwriter's worksheet, writing plain rows in one piece (``constant_memory``)."""

    def _write_single_row(self, current_row_num=0):
        row_num = self.previous_row
        cells = self.table.get(row_num)
        xml = cells and self._plain_row_xml(row_num, cells)
        if not xml:
            return super()._write_single_row(current_row_num)
        self.fh.write(xml)
        self.previous_row = current_row_num
        self.table.clear()
        return None

    def _plain_row_xml(self, row_num, cells):
        """The ``<row>`` element of a plain row, as xlsxwriter writes it; None for a row
        with properties, a comment or any cell xlsxwriter writes otherwise."""
        if (row_num in self.set_rows or row_num in self.comments
                or self.excel_version == 2010
                or self.default_row_height != self.original_row_height):
            return None
        number = str(row_num + 1)
        parts = []
        for col_num in sorted(cells):
            cell = cells[col_num]
            if cell.format is None:
                return None
            kind = cell.__class__.__name__
            reference = COLUMN_NAME(col_num) + number
            style = cell.format._get_xf_index()
            if kind == 'String':
                if NOT_PLAIN.search(cell.string):
                    return None
                parts.append('<c r="%s" s="%d" t="inlineStr"><is><t>%s</t></is></c>' % (
                    reference, style, cell.string))
            elif kind in ('Number', 'Datetime'):
                parts.append('<c r="%s" s="%d"><v>%.16G</v></c>' % (
                    reference, style, cell.number))
            elif kind == 'Blank':
                parts.append('<c r="%s" s="%d"/>' % (reference, style))
            else:
                return None
        return '<row r="%s">%s</row>' % (number, ''.join(parts))
