# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module has the pieces around it that nothing else would notice missing.

A module in plugins/modules needs: its action plugin (or an action routing in
meta/runtime.yml), its entry in meta/runtime.yml's ``action_groups.cupi`` (for
``module_defaults``), an integration target, a row in README.md's module table and its
reference page in docs/reference. Each check below is one row of CHECKS; a failure names
the missing piece and the file to add it to (docs/developing.md walks through them all).
The checks run on a made-up module in a temporary tree too, to show that each one fails
when its piece is missing and only then.
"""

from __future__ import annotations

import os
import re

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GROUP = "cupi"
COLLECTION = "cupi.telephony"
GUIDE = "docs/developing.md"


def module_names(root=ROOT):
    """The modules of the collection: plugins/modules/<name>.py."""
    directory = os.path.join(root, "plugins", "modules")
    return sorted(f[:-3] for f in os.listdir(directory) if f.endswith(".py") and not f.startswith("_"))


def _read(root, relative):
    try:
        with open(os.path.join(root, relative), encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def _runtime(root):
    return yaml.safe_load(_read(root, "meta/runtime.yml") or "") or {}


def _short(name):
    """``cupi.telephony.x`` or ``x`` as ``x``."""
    return name[len(COLLECTION) + 1:] if name.startswith(COLLECTION + ".") else name


# -- the checks: each returns None, or what is missing and where to add it ------------------
def action_plugin(name, root):
    """plugins/action/<name>.py naming the module, or a routing of the action to another
    action plugin of the collection (plugin_routing.action in meta/runtime.yml)."""
    relative = "plugins/action/%s.py" % name
    source = _read(root, relative)
    if source is not None:
        named = re.search(r"""^\s*module_name\s*=\s*["']([^"']+)["']""", source, re.M)
        if named and named.group(1) != name:
            return "%s: module_name is %r, not %r (the module it runs)" % (relative, named.group(1), name)
        return None
    routing = ((_runtime(root).get("plugin_routing") or {}).get("action") or {}).get(name) or {}
    target = _short(str(routing.get("redirect") or ""))
    if target and _read(root, "plugins/action/%s.py" % target) is not None:
        return None
    return ("module %s has no action plugin: add %s (a copy of another file of plugins/action, see %s) "
            "or route the action in meta/runtime.yml (plugin_routing.action.%s)" % (name, relative, GUIDE, name))


def action_group(name, root):
    """The module is in action_groups.cupi of meta/runtime.yml."""
    members = ((_runtime(root).get("action_groups") or {}).get(GROUP)) or []
    if name in set(_short(str(m)) for m in members if not isinstance(m, dict)):
        return None
    return ("module %s is not in the action group: add it to action_groups.%s in meta/runtime.yml "
            "(module_defaults for group/%s.%s reach only the modules listed there)" % (name, GROUP, COLLECTION, GROUP))


def integration_target(name, root):
    """tests/integration/targets/<name>/ with its aliases and tasks/main.yml."""
    target = "tests/integration/targets/%s" % name
    missing = [f for f in ("aliases", "tasks/main.yml") if _read(root, "%s/%s" % (target, f)) is None]
    if not missing:
        return None
    return ("module %s has no integration target: add %s/ with %s (check mode, apply, apply again, "
            "update, delete, delete again; see %s)" % (name, target, " and ".join(missing), GUIDE))


def readme_row(name, root):
    """A row for the module in the table under README.md's "## Modules"."""
    text = _read(root, "README.md") or ""
    section = re.search(r"^## Modules\n(.*?)(?=^## )", text + "\n## end", re.M | re.S)
    row = re.compile(r"^\|\s*`%s\.%s`\s*\|" % (re.escape(COLLECTION), re.escape(name)), re.M)
    if section and row.search(section.group(1)):
        return None
    return ("module %s has no row in README.md's module table: add | `%s.%s` | what it manages | "
            "under \"## Modules\"" % (name, COLLECTION, name))


def reference_page(name, root):
    """docs/reference/<name>_module.rst, written by make docs."""
    relative = "docs/reference/%s_module.rst" % name
    if _read(root, relative) is not None:
        return None
    return "module %s has no reference page: run make docs to write %s, and commit it" % (name, relative)


CHECKS = [
    pytest.param(action_plugin, id="action-plugin"),
    pytest.param(action_group, id="action-group"),
    pytest.param(integration_target, id="integration-target"),
    pytest.param(readme_row, id="readme-row"),
    pytest.param(reference_page, id="reference-page"),
]


# -- the collection ------------------------------------------------------------------------
def test_there_are_modules_to_check():
    assert len(module_names()) >= 10, module_names()


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("name", module_names())
def test_module_has_its_piece(name, check):
    problem = check(name, ROOT)
    assert problem is None, problem


# What names a module elsewhere names one that exists (a module renamed or removed).
def _grouped(root):
    members = ((_runtime(root).get("action_groups") or {}).get(GROUP)) or []
    return [_short(str(m)) for m in members if not isinstance(m, dict)]


def _action_files(root):
    directory = os.path.join(root, "plugins", "action")
    names = [f[:-3] for f in os.listdir(directory) if f.endswith(".py") and not f.startswith("_")]
    # An action plugin that names a module runs that module; others (a shared one) are not tied to one.
    return [n for n in names if re.search(r"^\s*module_name\s*=", _read(root, "plugins/action/%s.py" % n), re.M)]


def _readme_rows(root):
    section = re.search(r"^## Modules\n(.*?)(?=^## )", (_read(root, "README.md") or "") + "\n## end", re.M | re.S)
    return re.findall(r"^\|\s*`%s\.(\w+)`\s*\|" % re.escape(COLLECTION), section.group(1) if section else "", re.M)


def _reference_pages(root):
    return [f[:-len("_module.rst")] for f in os.listdir(os.path.join(root, "docs", "reference"))
            if f.endswith("_module.rst")]


LEFTOVERS = [
    pytest.param(_grouped, "action_groups.%s in meta/runtime.yml" % GROUP, id="action-group"),
    pytest.param(_action_files, "plugins/action", id="action-plugin"),
    pytest.param(_readme_rows, "README.md's module table", id="readme-row"),
    pytest.param(_reference_pages, "docs/reference (run make docs)", id="reference-page"),
]


@pytest.mark.parametrize("listed, where", LEFTOVERS)
def test_nothing_names_a_module_that_is_gone(listed, where):
    gone = sorted(set(listed(ROOT)) - set(module_names()))
    assert not gone, "%s names modules that plugins/modules does not have: %s" % (where, ", ".join(gone))


# -- each check fails when its piece is missing ------------------------------------------
FAKE = "made_up_thing"


def _write(root, relative, text):
    path = os.path.join(str(root), relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def fake_collection(root):
    """A tree with one module, FAKE, and every piece the checks look for."""
    _write(root, "plugins/modules/%s.py" % FAKE, "DOCUMENTATION = ''\n")
    _write(root, "plugins/action/%s.py" % FAKE, "class ActionModule:\n    module_name = %r\n" % FAKE)
    _write(root, "meta/runtime.yml", yaml.safe_dump({"action_groups": {GROUP: [FAKE]}}))
    _write(root, "tests/integration/targets/%s/aliases" % FAKE, "context/controller\n")
    _write(root, "tests/integration/targets/%s/tasks/main.yml" % FAKE, "---\n")
    _write(root, "README.md", "# x\n\n## Modules\n\n| module | what |\n|---|---|\n| `%s.%s` | a thing |\n\n## More\n"
           % (COLLECTION, FAKE))
    _write(root, "docs/reference/%s_module.rst" % FAKE, "x\n")


def _remove(relative):
    return lambda root: os.remove(os.path.join(str(root), relative))


def _rewrite(relative, text):
    return lambda root: _write(root, relative, text)


# (check, how to break the fake tree, what the message must name)
BREAKS = [
    pytest.param(action_plugin, _remove("plugins/action/%s.py" % FAKE), "plugins/action/%s.py" % FAKE,
                 id="action-plugin-missing"),
    pytest.param(action_plugin, _rewrite("plugins/action/%s.py" % FAKE, "module_name = 'other'\n"),
                 "module_name is 'other'", id="action-plugin-runs-another-module"),
    pytest.param(action_group, _rewrite("meta/runtime.yml", "action_groups:\n  %s: [other]\n" % GROUP),
                 "meta/runtime.yml", id="action-group-missing"),
    pytest.param(action_group, _rewrite("meta/runtime.yml", "requires_ansible: '>=2.16.0'\n"),
                 "action_groups.%s" % GROUP, id="action-groups-absent"),
    pytest.param(integration_target, _remove("tests/integration/targets/%s/aliases" % FAKE),
                 "tests/integration/targets/%s/ with aliases" % FAKE, id="integration-target-without-aliases"),
    pytest.param(integration_target, _remove("tests/integration/targets/%s/tasks/main.yml" % FAKE),
                 "tasks/main.yml", id="integration-target-without-tasks"),
    pytest.param(readme_row, _rewrite("README.md", "## Modules\n\n| module | what |\n|---|---|\n\n## More\n"
                                                   "| `%s.%s` | elsewhere |\n" % (COLLECTION, FAKE)),
                 "README.md", id="readme-row-outside-the-module-table"),
    pytest.param(reference_page, _remove("docs/reference/%s_module.rst" % FAKE),
                 "docs/reference/%s_module.rst" % FAKE, id="reference-page-missing"),
]


@pytest.mark.parametrize("check", CHECKS)
def test_a_complete_made_up_module_passes(tmp_path, check):
    fake_collection(tmp_path)
    assert module_names(str(tmp_path)) == [FAKE]
    assert check(FAKE, str(tmp_path)) is None


@pytest.mark.parametrize("check, break_it, named", BREAKS)
def test_a_missing_piece_fails_with_the_file_to_add_it_to(tmp_path, check, break_it, named):
    fake_collection(tmp_path)
    break_it(tmp_path)
    problem = check(FAKE, str(tmp_path))
    assert problem is not None and FAKE in problem and named in problem, problem
    others = [c.values[0] for c in CHECKS if c.values[0] is not check]
    assert [c.__name__ for c in others if c(FAKE, str(tmp_path)) is not None] == []


def test_an_action_routed_to_a_shared_plugin_passes(tmp_path):
    fake_collection(tmp_path)
    os.remove(os.path.join(str(tmp_path), "plugins", "action", "%s.py" % FAKE))
    _write(tmp_path, "plugins/action/shared.py", "class ActionModule:\n    pass\n")
    _write(tmp_path, "meta/runtime.yml", yaml.safe_dump({
        "action_groups": {GROUP: [FAKE]},
        "plugin_routing": {"action": {FAKE: {"redirect": "%s.shared" % COLLECTION}}}}))
    assert action_plugin(FAKE, str(tmp_path)) is None
    _write(tmp_path, "meta/runtime.yml", yaml.safe_dump({
        "action_groups": {GROUP: [FAKE]},
        "plugin_routing": {"action": {FAKE: {"redirect": "%s.nowhere" % COLLECTION}}}}))
    assert "plugins/action/%s.py" % FAKE in action_plugin(FAKE, str(tmp_path))


def test_a_module_that_is_gone_is_noticed(tmp_path):
    fake_collection(tmp_path)
    os.remove(os.path.join(str(tmp_path), "plugins", "modules", "%s.py" % FAKE))
    for param in LEFTOVERS:
        listed = param.values[0]
        assert set(listed(str(tmp_path))) - set(module_names(str(tmp_path))) == {FAKE}, param.id
