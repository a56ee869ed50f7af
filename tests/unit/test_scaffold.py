# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/new_resource.py, run on a copy of the collection: what it writes passes every check of
tests/unit/test_consistency.py but the two it cannot do (reference_page, wire_coverage), and each
piece it writes is one that a check misses when it is gone."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "tools", "new_resource.py")
IGNORED = shutil.ignore_patterns(".git", ".venv", "build", "__pycache__", ".tox", ".plugin-cache", ".tmp", "dist")
NAME = "port_group_widgets"
OBJECT = "widget_profile"
# The steps the scaffold leaves: make docs writes the page, the wire test needs Cisco's examples.
LEFT = ("has no reference page", "is not in docs/reference/index.rst", "has no wire test")

# The scaffolded module imports, and its DOCUMENTATION, EXAMPLES and RETURN are YAML, the options
# documented being those of its argument spec.
DOCS = r'''
import importlib, json, sys, yaml
module = importlib.import_module("ansible_collections.cupi.telephony.plugins.modules." + sys.argv[2])
docs = [yaml.safe_load(getattr(module, part)) for part in ("DOCUMENTATION", "EXAMPLES", "RETURN")]
print(json.dumps(dict(options=sorted(docs[0]["options"]), spec=sorted(module.Runner.argument_spec),
                      module=docs[0]["module"], examples=len(docs[1]), returns=sorted(docs[2]))))
'''


def copy_tree(base):
    """A copy of the repository at base/ansible_collections/cupi/telephony."""
    tree = os.path.join(str(base), "ansible_collections", "cupi", "telephony")
    shutil.copytree(ROOT, tree, symlinks=True, ignore=IGNORED)
    return tree


def scaffold(tree, *args):
    return subprocess.run([sys.executable, SCRIPT] + list(args) + ["--root-dir", tree],
                          capture_output=True, text=True, check=False)


def in_tree(tree, code, *args):
    """Run ``code`` in a Python whose ansible_collections.cupi.telephony is ``tree``; its JSON output."""
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.dirname(tree))),
               PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-c", code, tree] + list(args), env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _scaffold_module():
    """tools/new_resource.py imported, for the same run of the checks its report prints."""
    spec = importlib.util.spec_from_file_location("new_resource", SCRIPT)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


def problems(tree):
    return in_tree(tree, _scaffold_module().CHECKS)


def only_left(found, name):
    """Every problem is one of the steps the scaffold leaves, for ``name``, and each is there."""
    return sorted(found) == sorted(p for p in found if name in p and any(s in p for s in LEFT)) \
        and all(any(s in p for p in found) for s in LEFT)


def listing(tree):
    """Every file of the tree with its size and modification time."""
    paths = [os.path.join(folder, f) for folder, dummy, files in os.walk(tree) for f in files]
    return dict((p, (os.stat(p).st_size, os.stat(p).st_mtime_ns)) for p in paths)


@pytest.fixture(scope="module")
def child(tmp_path_factory):
    """A copy with the child type scaffolded, the scaffold's output and the checks' report."""
    tree = copy_tree(tmp_path_factory.mktemp("child"))
    done = scaffold(tree, NAME, "--parent", "port_group")
    return tree, done, problems(tree)


def test_the_child_is_scaffolded(child):
    tree, done, found = child
    assert done.returncode == 0, done.stderr
    for said in ("make docs", "docs/reference/%s_module.rst" % NAME, "tests/unit/wire/test_wire.py", "MODULES",
                 "plugins/module_utils/resources.py: the fields", "plugins/modules/%s.py: the documentation" % NAME,
                 "emulator/src/cupi_emulator/models/%s.py" % NAME, "tests/unit/plugins/modules/test_%s.py" % NAME):
        assert said in done.stdout, said
    assert only_left(found, NAME), found
    for problem in found:
        assert "module %s" % NAME in problem, problem  # nothing for the other modules
        assert problem in done.stdout  # the scaffold printed the same report


def test_the_child_module_imports_and_documents_its_options(child):
    tree = child[0]
    docs = in_tree(tree, DOCS, NAME)
    assert docs["module"] == NAME and docs["examples"] >= 1
    assert docs["options"] == docs["spec"] == ["items", "port_group", "state"]
    assert NAME in docs["returns"]


def _drop_line(relative, line):
    def drop(tree):
        path = os.path.join(tree, relative)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        assert line in text, (relative, line)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text.replace(line, "", 1))
    return drop


def _drop_file(relative):
    return lambda tree: os.remove(os.path.join(tree, relative))


def _drop_choice(relative, choice):
    """The choice taken out of the first ``choices: [...]`` list of a module's DOCUMENTATION."""
    def drop(tree):
        path = os.path.join(tree, relative)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        changed = re.sub(r"(choices: \[[^\]]*?)\b%s,\s*" % re.escape(choice), r"\1", text, count=1)
        assert changed != text, (relative, choice)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(changed)
    return drop


TARGET = "tests/integration/targets/%s" % NAME
# What the scaffold wrote, removed one at a time, and what the checks then say.
PIECES = [
    pytest.param(_drop_file("plugins/action/%s.py" % NAME), "has no action plugin", id="action-plugin"),
    pytest.param(_drop_file("%s/aliases" % TARGET), "no complete integration target", id="target-aliases"),
    pytest.param(_drop_file("%s/meta/main.yml" % TARGET), "no complete integration target", id="target-meta"),
    pytest.param(_drop_file("%s/tasks/main.yml" % TARGET), "no complete integration target", id="target-main"),
    pytest.param(_drop_file("%s/tasks/run.yml" % TARGET), "no complete integration target", id="target-run"),
    pytest.param(_drop_line("meta/runtime.yml", "    - %s\n" % NAME), "is not in the action group", id="action-group"),
    pytest.param(_drop_line("README.md", "| `cupi.telephony.%s` |" % NAME), "no row in README.md", id="readme-row"),
    pytest.param(_drop_file("emulator/src/cupi_emulator/models/%s.py" % NAME), "the emulator does not serve",
                 id="emulator-spec"),
    pytest.param(_drop_line("plugins/module_utils/resources.py", '    subset="%s",\n' % NAME),
                 "declares no telephony_info subset", id="resource-subset"),
    pytest.param(_drop_choice("plugins/modules/telephony_info.py", NAME), "add the subset %s" % NAME,
                 id="info-documented-subset"),
    pytest.param(_drop_file("tests/unit/plugins/modules/test_%s.py" % NAME), "has no unit test", id="unit-test"),
]


@pytest.fixture
def scaffolded(child, tmp_path):
    """A fresh copy of the scaffolded tree."""
    tree = os.path.join(str(tmp_path), "ansible_collections", "cupi", "telephony")
    shutil.copytree(child[0], tree, symlinks=True, ignore=IGNORED)
    return tree, child[2]


@pytest.mark.parametrize("remove, said", PIECES)
def test_each_piece_is_one_a_check_misses(scaffolded, remove, said):
    tree, before = scaffolded
    remove(tree)
    after = problems(tree)
    new = [p for p in after if p not in before]
    assert len(after) == len(before) + 1 and len(new) == 1, after
    assert NAME in new[0] and said in new[0], new


def test_the_module_file_is_one_the_checks_miss(scaffolded):
    """Without the module, every place the scaffold named it in is a leftover."""
    tree = scaffolded[0]
    os.remove(os.path.join(tree, "plugins/modules/%s.py" % NAME))
    after = problems(tree)
    assert sorted(after) == sorted("%s names %s, which is not a module of plugins/modules" % (where, NAME) for where in (
        "action_groups.cupi in meta/runtime.yml", "plugins/action", "README.md's module table")), after


def test_a_top_level_object_is_scaffolded(tmp_path):
    tree = copy_tree(tmp_path)
    done = scaffold(tree, OBJECT)
    assert done.returncode == 0, done.stderr
    found = problems(tree)
    assert only_left(found, OBJECT), found
    docs = in_tree(tree, DOCS, OBJECT)
    assert docs["options"] == docs["spec"] == ["name", "state"]
    with open(os.path.join(tree, "plugins/module_utils/resources.py"), encoding="utf-8") as handle:
        assert 'path="/vmrest/widgetprofile",\n    root="WidgetProfile",\n    subset="%s",' % OBJECT in handle.read()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return copy_tree(tmp_path_factory.mktemp("pristine"))


@pytest.mark.parametrize("args, said", [
    pytest.param(["port_group_servers", "--parent", "port_group"], "NAME: the module port_group_servers exists already",
                 id="existing-module"),
    pytest.param([NAME, "--parent", "port_groups"], "--parent: unknown parent 'port_groups'; allowed values: "
                 "phone_system, port_group", id="unknown-parent"),
    pytest.param(["Port-Group-Widgets"], "NAME: 'Port-Group-Widgets' is not a module name", id="bad-name"),
])
def test_a_refusal_writes_nothing(pristine, args, said):
    before = listing(pristine)
    done = scaffold(pristine, *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert said in done.stderr
    assert done.stdout == ""
    assert listing(pristine) == before
