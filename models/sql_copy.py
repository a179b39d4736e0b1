"""Rows written to a table with PostgreSQL's COPY (pure functions, no ORM): for the
thousands of rows a report writes at once, faster than an INSERT of as many values,
which PostgreSQL takes longer to read than to insert."""
import io

# The characters COPY's text format escapes in a value (a backslash first).
ESCAPES = str.maketrans({'\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r'})


def copy_value(value):
    """``value`` in COPY's text format: None as NULL, booleans as t and f, text escaped,
    numbers and dates as PostgreSQL reads them."""
    if value is None:
        return '\\N'
    if value is True or value is False:
        return 't' if value else 'f'
    if isinstance(value, str):
        return value.translate(ESCAPES)
    return str(value)


def copy_rows(cr, table, columns, rows):
    """COPY ``rows`` (sequences of values, one per column of ``columns``) into ``table``
    in one statement."""
    content = io.StringIO()
    for row in rows:
        content.write('\t'.join(map(copy_value, row)))
        content.write('\n')
    content.seek(0)
    cr.copy_expert('COPY "%s" (%s) FROM STDIN' % (
        table, ', '.join('"%s"' % column for column in columns)), content)
