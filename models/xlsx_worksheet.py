"""A worksheet for long XLSX tables (the work ledger: tens of thousands of rows).

The module's XLSX reports stream their rows (xlsxwriter's ``constant_memory`` mode: each row
is written to disk once the next begins). xlsxwriter 3.2.2, the last release for Python 3.7,
checks, stores and wraps each cell of such a row apart, then builds it attribute by
attribute, escaping each: about 5 µs a cell, most of a whole region's ledger (1.7 million
cells). This worksheet writes a plain row (styled strings, numbers, dates and blanks,
nothing to escape, default height) in one piece: a table's row given whole
(``write_row_cells``), or a row xlsxwriter kept cell by cell; it leaves any other row to
xlsxwriter. The XML is xlsxwriter's, byte for byte (``tests/test_supervision.py`` writes
the same sheet both ways and compares)."""
import re
from functools import lru_cache
from math import isfinite

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

COLUMN_NAME = lru_cache(maxsize=None)(xl_col_to_name)
# What xlsxwriter would change in an inline string (XML escapes, control characters and
# their _xHHHH_ escapes, rich strings), or mark (leading or trailing white space).
NOT_PLAIN = re.compile(r'[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$')
# A cell as xlsxwriter writes it: its column, row, style, and value.
STRING_CELL = '<c r="%s%s" s="%d" t="inlineStr"><is><t>%s</t></is></c>'
NUMBER_CELL = '<c r="%s%s" s="%d"><v>%.16G</v></c>'
BLANK_CELL = '<c r="%s%s" s="%d"/>'
NUMBER_TYPES = (int, float, bool)
# The kind of each cell xlsxwriter keeps (its namedtuples' class names) and its value.
KEPT_CELLS = {
    'String': lambda cell: ('string', cell.string),
    'Number': lambda cell: ('number', cell.number),
    'Datetime': lambda cell: ('number', cell.number),
    'Blank': lambda cell: ('blank', None),
}


def write_row_cells(sheet, row, cells):
    """Write ``cells`` — ``(kind, value, cell_format)`` from the first column, ``kind``
    one of ``string``, ``number``, ``datetime`` and ``blank`` (``sheet.write_<kind>``) —
    as the row ``row`` of ``sheet``: in one piece where the sheet can, else cell by cell."""
    if isinstance(sheet, RowWorksheet) and sheet.write_plain_row(row, cells):
        return
    for col, (kind, value, cell_format) in enumerate(cells):
        getattr(sheet, 'write_' + kind)(row, col, value, cell_format)


class RowWorksheet(Worksheet):
    """xlsxwriter's worksheet, writing plain rows in one piece (``constant_memory``)."""

    def __init__(self):
        super().__init__()
        self._agency_serials = {}
        self._agency_written_row = None

    def write_plain_row(self, row, cells):
        """Write ``cells`` (see ``write_row_cells``) as the row ``row`` in one piece if it is
        plain and comes after the rows written (``constant_memory``); return whether it
        did (nothing is written if not). A row written so is final, as xlsxwriter's
        written rows: what is written to it afterwards is ignored."""
        if (not self.constant_memory or not cells or row >= self.xls_rowmax
                or len(cells) > self.xls_colmax or row < self.previous_row
                or row == self._agency_written_row
                or row == self.previous_row and self.table.get(row)):
            return False
        if row > self.previous_row:
            # The row kept before first, as xlsxwriter would: the styles of a workbook
            # are numbered in the order cells are written with them.
            self._write_single_row(row)
        serials = self._agency_serials
        plain = []
        for col, (kind, value, cell_format) in enumerate(cells):
            if kind == 'datetime':
                serial = serials.get(value)
                if serial is None:
                    serial = serials[value] = self._convert_date_time(value)
                kind, value = 'number', serial
            plain.append((col, kind, value, cell_format))
        xml = self._plain_cells_xml(row, plain)
        if not xml:
            return False
        self.fh.write(xml)
        # The sheet's dimensions, as xlsxwriter keeps them for its first and last cell.
        super()._check_dimensions(row, 0)
        super()._check_dimensions(row, len(cells) - 1)
        self._agency_written_row = row
        return True

    def _check_dimensions(self, row, col, ignore_row=False, ignore_col=False):
        # The row written in one piece is refused as xlsxwriter refuses rows written.
        if (self.constant_memory and not ignore_row and not ignore_col
                and row == self._agency_written_row):
            return -2
        return super()._check_dimensions(row, col, ignore_row, ignore_col)

    def _write_single_row(self, current_row_num=0):
        row_num = self.previous_row
        kept = self.table.get(row_num)
        xml = None
        if kept and all(cell.__class__.__name__ in KEPT_CELLS for cell in kept.values()):
            xml = self._plain_cells_xml(row_num, [
                (col,) + KEPT_CELLS[kept[col].__class__.__name__](kept[col])
                + (kept[col].format,) for col in sorted(kept)])
        if not xml:
            return super()._write_single_row(current_row_num)
        self.fh.write(xml)
        self.previous_row = current_row_num
        self.table.clear()
        return None

    def _plain_cells_xml(self, row_num, cells):
        """The ``<row>`` element of a plain row as xlsxwriter writes it, its ``cells``
        ``(col, kind, value, cell_format)`` in column order, ``kind`` one of ``string``,
        ``number`` (a date's serial number) and ``blank``; None for a row with properties
        or a comment, or a cell xlsxwriter writes otherwise."""
        if (row_num in self.set_rows or row_num in self.comments
                or self.excel_version == 2010
                or self.default_row_height != self.original_row_height):
            return None
        number = str(row_num + 1)
        parts = []
        append = parts.append
        for col, kind, value, cell_format in cells:
            if cell_format is None:
                return None
            style = cell_format._get_xf_index()
            if kind == 'string':
                if len(value) > self.xls_strmax or NOT_PLAIN.search(value):
                    return None
                append(STRING_CELL % (COLUMN_NAME(col), number, style, value))
            elif kind == 'number':
                if value.__class__ not in NUMBER_TYPES or not isfinite(value):
                    return None
                append(NUMBER_CELL % (COLUMN_NAME(col), number, style, value))
            elif kind == 'blank':
                append(BLANK_CELL % (COLUMN_NAME(col), number, style))
            else:
                return None
        return '<row r="%s">%s</row>' % (number, ''.join(parts))
