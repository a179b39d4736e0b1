"""Fill empty translations of a PO file from a TSV of "msgid<TAB>msgstr" lines,
or from another PO file.

    python scripts/i18n_apply.py i18n/zh_CN.po translations.tsv [--force]
    python scripts/i18n_apply.py i18n/zh_CN.po before.po --force

Newlines and tabs are written \\n and \\t in the TSV. Existing translations
are kept (with --force, replaced); entries of the TSV that match no msgid are reported.
scripts/i18n_export uses the second form to keep the module's own translations where
Odoo's export prefers another module's translation of the same English term
(e.g. "State": 状态 here, 州/省 in base).
"""
import sys

from odoo.tools.translate import PoFile, quote, unquote

from i18n_check import needs_translation


def decode(text):
    """A TSV cell: newlines and tabs are written \\n and \\t."""
    return text.replace('\\n', '\n').replace('\\t', '\t')


def read_tsv(path):
    mapping = {}
    with open(path, encoding='utf-8') as handle:
        for line in handle:
            line = line.rstrip('\n')
            if not line.strip() or '\t' not in line:
                continue
            source, translation = line.split('\t', 1)
            if translation.strip():
                mapping[decode(source)] = decode(translation)
    return mapping


def read_po(path):
    with open(path, 'rb') as handle:
        return {entry[3]: entry[4] for entry in PoFile(handle) if entry[3] and entry[4]}


def apply(po_path, mapping, force=False):
    with open(po_path, encoding='utf-8') as handle:
        blocks = handle.read().split('\n\n')
    used, filled = set(), 0
    for index, block in enumerate(blocks):
        lines = block.split('\n')
        try:
            start = next(i for i, l in enumerate(lines) if l.startswith('msgid '))
            stop = next(i for i, l in enumerate(lines) if l.startswith('msgstr '))
        except StopIteration:
            continue
        source = ''.join(unquote(text[6:] if text.startswith('msgid ') else text)
                         for text in lines[start:stop])
        translation = ''.join(unquote(text[7:] if text.startswith('msgstr ') else text)
                              for text in lines[stop:])
        if not source or source not in mapping:
            continue
        used.add(source)
        if translation == mapping[source] or \
                not force and not needs_translation(source, translation):
            continue
        filled += 1
        blocks[index] = '\n'.join(lines[:stop] + ['msgstr ' + quote(mapping[source])])
    with open(po_path, 'w', encoding='utf-8') as handle:
        handle.write('\n\n'.join(blocks))
    for source in sorted(set(mapping) - used):
        print('not used: %r' % source[:80], file=sys.stderr)
    print('%d translations filled' % filled, file=sys.stderr)


if __name__ == '__main__':
    source_path = sys.argv[2]
    read = read_po if source_path.endswith(('.po', '.pot')) else read_tsv
    apply(sys.argv[1], read(source_path), force='--force' in sys.argv)
