"""The style of the module, checked first in every run of the suite: pycodestyle
(setup.cfg), pyflakes, and pylint with OCA's pylint-odoo plugin (.pylintrc) pass, the
case model stays under 500 lines and no method is longer than 60 lines (an SQL view is
defined in one statement: its ``init`` is let off). The same checks as
``pre-commit run --all-files`` (.pre-commit-config.yaml)."""
import ast
import os
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
SKIPPED_DIRS = {'.venv', '.local', '.git', '__pycache__', 'node_modules'}
MAX_METHOD_LINES = 60
MAX_CASE_MODEL_LINES = 500


def python_files(*dirs):
    """The module's Python files (of ``dirs``, or all), relative to its root."""
    found = []
    for top in dirs or ('.',):
        for folder, subdirs, files in os.walk(os.path.join(ROOT, top)):
            subdirs[:] = sorted(name for name in subdirs if name not in SKIPPED_DIRS)
            found += [os.path.relpath(os.path.join(folder, name), ROOT)
                      for name in sorted(files) if name.endswith('.py')]
    return found


class TestStyle(unittest.TestCase):

    def run_tool(self, *args):
        result = subprocess.run([sys.executable, '-m'] + list(args), cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                universal_newlines=True)
        return result.returncode, result.stdout

    def test_pycodestyle(self):
        code, output = self.run_tool('pycodestyle', '.')
        self.assertEqual(code, 0, output)

    def test_pyflakes(self):
        # Odoo's __init__.py files only import (what pyflakes calls unused).
        files = [name for name in python_files() if not name.endswith('__init__.py')]
        code, output = self.run_tool('pyflakes', *files)
        self.assertEqual(code, 0, output)

    def test_pylint_odoo(self):
        code, output = self.run_tool('pylint', '--rcfile=.pylintrc', ROOT)
        self.assertEqual(code, 0, output)

    def test_case_model_size(self):
        with open(os.path.join(ROOT, 'models', 'agency_case.py'), encoding='utf-8') as handle:
            self.assertLess(len(handle.readlines()), MAX_CASE_MODEL_LINES)

    def test_method_length(self):
        long_methods = []
        for name in python_files('models', 'wizards', 'controllers'):
            with open(os.path.join(ROOT, name), encoding='utf-8') as handle:
                source = handle.read()
            lines = source.splitlines()
            functions = [node for node in ast.walk(ast.parse(source))
                         if isinstance(node, ast.FunctionDef)]
            for node in sorted(functions, key=lambda node: node.lineno):
                length = self._length(node, lines)
                body = '\n'.join(lines[node.lineno - 1:node.lineno - 1 + length])
                if length > MAX_METHOD_LINES and not (node.name == 'init' and 'VIEW' in body):
                    long_methods.append('%s:%d %s (%d lines)'
                                        % (name, node.lineno, node.name, length))
        self.assertEqual(long_methods, [])

    @staticmethod
    def _length(node, lines):
        """Lines of a function, from its ``def`` to its last line (Python 3.7's ast has
        no end_lineno: the last node's line, then the lines indented under the def)."""
        last = max(getattr(child, 'lineno', node.lineno) for child in ast.walk(node))
        indent = len(lines[node.lineno - 1]) - len(lines[node.lineno - 1].lstrip())
        while last < len(lines) and (not lines[last].strip() or
                                     len(lines[last]) - len(lines[last].lstrip()) > indent):
            last += 1
        while not lines[last - 1].strip():
            last -= 1
        return last - node.lineno + 1
