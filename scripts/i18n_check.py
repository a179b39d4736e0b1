"""List the terms of a PO file that have no translation; exit 1 if there are any.

    python scripts/i18n_check.py i18n/zh_CN.po [--tsv]

With --tsv, print them as "msgid<TAB>" lines to fill in and apply with
scripts/i18n_apply.py.
"""
import re
import sys

from odoo.tools.translate import PoFile

LATIN_WORD = re.compile(r'[A-Za-z]{2,}')
CJK = re.compile(r'[\u4e00-\u9fff]')
# Terms that Chinese users read as they are.
SAME_IN_CHINESE = {'ID', 'PDF', 'XLSX', 'API', 'MB。', 'UUID'}
SAME_IN_CHINESE_WORDS = ('ID', 'PDF', 'XLSX', 'API', 'MB')


def needs_translation(source, translation):
    """Odoo's export copies the source into an untranslated msgstr. A term whose source
    is already Chinese (the data: items, stages …) needs none; one with English words
    needs a msgstr with Chinese in it."""
    if not translation:
        return True
    if source in SAME_IN_CHINESE or not LATIN_WORD.search(source):
        return False
    # A source whose text (outside its markup) is English with some Chinese in it (a term
    # quoted in an English sentence), copied as is.
    # Markup, the expressions of mail templates (${...}) and their control lines
    # (% if ..., % endif) are code, not English.
    text = re.sub(r'<[^>]*>|\$\{[^}]*\}|^\s*%%[^\n]*$|\b(?:%s)\b'
                  % '|'.join(SAME_IN_CHINESE_WORDS), '', source, flags=re.M)
    if not LATIN_WORD.search(text):
        return False
    return not CJK.search(translation) or (translation == source and
                                           bool(LATIN_WORD.search(text)))


def untranslated(path):
    with open(path, 'rb') as handle:
        missing = []
        for entry in PoFile(handle):
            _type, _name, _res_id, source, translation, _comments = entry[:6]
            if source and needs_translation(source, translation) and source not in missing:
                missing.append(source)
    return missing


if __name__ == '__main__':
    terms = untranslated(sys.argv[1])
    for term in terms:
        suffix = '\t' if '--tsv' in sys.argv else ''
        print(term.replace('\n', '\\n').replace('\t', '\\t') + suffix)
    print('%d untranslated terms' % len(terms), file=sys.stderr)
    sys.exit(1 if terms else 0)
