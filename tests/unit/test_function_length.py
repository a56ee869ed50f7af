# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No function in plugins/ is longer than 40 lines (docs/developing.md, "How the code is kept"):
a longer one is split into named steps."""

from __future__ import annotations

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIMIT = 40


def long_functions(source, limit=LIMIT):
    """(name, first line, length) of every function or method of ``source`` longer than ``limit``
    lines, its decorators and docstring included."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            length = node.end_lineno - first + 1
            if length > limit:
                found.append((node.name, first, length))
    return found


def plugin_files(root=ROOT):
    for folder, _dirs, files in os.walk(os.path.join(root, "plugins")):
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(folder, name)


def test_no_function_in_plugins_is_longer_than_the_limit():
    problems = []
    for path in plugin_files():
        with open(path, encoding="utf-8") as handle:
            for name, line, length in long_functions(handle.read()):
                problems.append("%s:%d: %s has %d lines (at most %d)" % (
                    os.path.relpath(path, ROOT), line, name, length, LIMIT))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("body_lines, found", [(38, []), (39, [("step", 1, 41)])])
def test_a_long_function_is_found(body_lines, found):
    """def line + docstring + body: 38 body lines make 40, 39 make 41."""
    source = "def step():\n    \"\"\"Doc.\"\"\"\n" + "    x = 1\n" * body_lines
    assert long_functions(source) == found


def test_a_long_method_is_found_with_its_decorator():
    source = "class A:\n    @staticmethod\n    def m():\n" + "        pass\n" * 39
    assert long_functions(source) == [("m", 2, 41)]
