"""Fill empty translations of a PO file from a TSV of "msgid<TAB>msgstr" lines.

    python scripts/i18n_apply.py i18n/zh_CN.po translations.tsv [--force]

Newlines and tabs are written \\n and \\t in the TSV. Existing translations
are kept (with --force, replaced); entries of the TSV that match no msgid are reported.
"""
import sys

from odoo.tools.translate import quote, unquote

from i18n_check import needs_translation


def read_tsv(path):
    mapping = {}
    with open(path, encoding='utf-8') as handle:
        for line in handle:
            line = line.rstrip('\n')
            if not line.strip() or '\t' not in line:
                continue
            source, translation = line.split('\t', 1)
            decode = lambda text: text.replace('\\n', '\n').replace('\\t', '\t')
            if translation.strip():
                mapping[decode(source)] = decode(translation)
    return mapping


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
        source = ''.join(unquote(l[6:] if l.startswith('msgid ') else l)
                         for l in lines[start:stop])
        translation = ''.join(unquote(l[7:] if l.startswith('msgstr ') else l)
                              for l in lines[stop:])
        if not source or source not in mapping:
            continue
        if not force and not needs_translation(source, translation):
            continue
        used.add(source)
        filled += 1
        blocks[index] = '\n'.join(lines[:stop] + ['msgstr ' + quote(mapping[source])])
    with open(po_path, 'w', encoding='utf-8') as handle:
        handle.write('\n\n'.join(blocks))
    for source in sorted(set(mapping) - used):
        print('not used: %r' % source[:80], file=sys.stderr)
    print('%d translations filled' % filled, file=sys.stderr)


if __name__ == '__main__':
    apply(sys.argv[1], read_tsv(sys.argv[2]), force='--force' in sys.argv)
