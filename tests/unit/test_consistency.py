# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module has the pieces around it that nothing else would notice missing.

docs/developing.md, "Adding a module for a new object type", lists the steps; each check
below is one of them, a function ``check(name, root)`` that returns the list of what is
missing for the module ``name`` in the collection tree ``root`` (empty when nothing is),
each problem naming the module and the file to add the piece to:

- ``runner``: plugins/modules/<name>.py has a ``Runner``, a subclass of module_utils'
  ``CupiRunner``, and says which CUPI type it writes (its ``resource``, or WRITES below);
- ``action_plugin``: plugins/action/<name>.py is the collection's action class;
- ``action_group``: the module is in ``action_groups.cupi`` of meta/runtime.yml;
- ``integration_target``: tests/integration/targets/<name>/ with its four files;
- ``readme_row``: a row in README.md's module table;
- ``reference_page``: docs/reference/<name>_module.rst, listed in docs/reference/index.rst;
- ``emulator_spec``: the emulator registers a spec for the type the module writes;
- ``info_subset``: the type's Resource declares its telephony_info subset, which
  telephony_info gathers and documents;
- ``unit_test``: a file of tests/unit imports the module;
- ``wire_coverage``: tests/unit/wire/test_wire.py runs the module (MODULES) and reads its
  type's XML element (ELEMENTS), unless it sends no body (NO_BODY).

``leftovers(root)`` finds the reverse: a file or entry naming a module that is gone, and
``stale_exceptions(root)`` an entry of WRITES or NO_BODY that no longer applies. The second
half of this file builds a made-up collection in a temporary folder, complete, then removes
one piece at a time: the check of that step, and only that one, reports it.
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
import os
import re

import pytest
import yaml

from ansible_collections.cupi.telephony.plugins.module_utils.base import CupiRunner
from ansible_collections.cupi.telephony.plugins.module_utils.resources import PORT, PORT_GROUP
from ansible_collections.cupi.telephony.plugins.plugin_utils.action import CupiActionBase

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GROUP = "cupi"
COLLECTION = "cupi.telephony"
GUIDE = "docs/developing.md"
INFO = "telephony_info"
EMULATOR_MODELS = "emulator/src/cupi_emulator/models"
WIRE_TEST = "tests/unit/wire/test_wire.py"
TARGET_FILES = ("aliases", "meta/main.yml", "tasks/main.yml", "tasks/run.yml")

# The CUPI type each module writes, for the modules whose Runner declares no ``resource``:
# ports and port_group_reset plan their own requests; telephony_info writes nothing (None).
WRITES = {"ports": PORT, "port_group_reset": PORT_GROUP, INFO: None}
# Modules that send no request body, so that Cisco's create and update examples say nothing of them.
NO_BODY = {
    "port_group_reset": "PUT /vmrest/portgroups/<id>/reset has no body",
    INFO: "reads only",
}


def module_names(root=ROOT):
    """The modules of the collection: plugins/modules/<name>.py."""
    return _python_files(root, "plugins/modules")


def _python_files(root, relative):
    directory = os.path.join(root, relative)
    return sorted(f[:-3] for f in os.listdir(directory) if f.endswith(".py") and not f.startswith("_"))


def _read(root, relative):
    try:
        with open(os.path.join(root, relative), encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


_LOADED = itertools.count()


def _load(root, relative):
    """The Python file root/relative imported on its own, under a name of its own (never
    cached: the tests of the checks change their trees); None when there is no such file."""
    path = os.path.join(root, relative)
    if not os.path.isfile(path):
        return None
    spec = importlib.util.spec_from_file_location("_consistency_%d" % next(_LOADED), path)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


def _runtime(root):
    return yaml.safe_load(_read(root, "meta/runtime.yml") or "") or {}


def _short(name):
    """``cupi.telephony.x`` or ``x`` as ``x``."""
    return name[len(COLLECTION) + 1:] if name.startswith(COLLECTION + ".") else name


def _runner(name, root):
    """(the module's Runner or None, what is wrong with it)."""
    relative = "plugins/modules/%s.py" % name
    try:
        loaded = _load(root, relative)
    except Exception as error:  # pylint: disable=broad-except
        return None, ["module %s: %s does not import: %s: %s" % (name, relative, type(error).__name__, error)]
    runner = getattr(loaded, "Runner", None)
    if not (isinstance(runner, type) and issubclass(runner, CupiRunner)):
        return None, ["module %s has no Runner: %s must define class Runner, a subclass of CupiRunner, "
                      "ObjectRunner or ChildListRunner (plugins/module_utils; see %s)" % (name, relative, GUIDE)]
    return runner, []


def written_type(name, root):
    """The Resource of the CUPI type the module writes (its Runner's ``resource``, else
    WRITES), or None: it writes none, or its Runner is missing (``runner`` says so)."""
    runner = _runner(name, root)[0]
    if runner is None:
        return None
    return getattr(runner, "resource", None) or WRITES.get(name)


def subset_of(resource):
    """The telephony_info subset of a type, as its Resource declares it (``subset``)."""
    return getattr(resource, "subset", None)


# -- the checks: each returns the list of what is missing, naming the module and the file ----
def runner(name, root):
    """plugins/modules/<name>.py has a Runner of the shared base and names the type it writes."""
    found, problems = _runner(name, root)
    if found is not None and getattr(found, "resource", None) is None and name not in WRITES:
        problems.append("module %s: its Runner declares no resource: set resource = <its Resource> on "
                        "plugins/modules/%s.py's Runner, or name what it writes in WRITES of "
                        "tests/unit/test_consistency.py" % (name, name))
    return problems


def action_plugin(name, root):
    """plugins/action/<name>.py is the collection's action class, which takes the module's name from the task."""
    relative = "plugins/action/%s.py" % name
    line = "from ansible_collections.cupi.telephony.plugins.plugin_utils.action import CupiActionBase as ActionModule"
    try:
        loaded = _load(root, relative)
    except Exception as error:  # pylint: disable=broad-except
        return ["module %s: its action plugin %s does not import: %s: %s" % (name, relative, type(error).__name__, error)]
    if loaded is None:
        return ["module %s has no action plugin: add %s, whose one line is %s (see %s)" % (name, relative, line, GUIDE)]
    plugin = getattr(loaded, "ActionModule", None)
    if plugin is None:
        return ["module %s: %s defines no ActionModule: its one line is %s" % (name, relative, line)]
    if plugin is not CupiActionBase:
        return ["module %s: %s defines ActionModule as %s, not the collection's action class: its one line is %s"
                % (name, relative, getattr(plugin, "__name__", repr(plugin)), line)]
    return []


def action_group(name, root):
    """The module is in action_groups.cupi of meta/runtime.yml."""
    if name in _grouped(root):
        return []
    return ["module %s is not in the action group: add it to action_groups.%s in meta/runtime.yml "
            "(module_defaults for group/%s.%s reach only the modules listed there)" % (name, GROUP, COLLECTION, GROUP)]


def integration_target(name, root):
    """tests/integration/targets/<name>/ with its aliases, meta/main.yml (on setup_cupi) and tasks."""
    target = "tests/integration/targets/%s" % name
    missing = [f for f in TARGET_FILES if _read(root, "%s/%s" % (target, f)) is None]
    if missing:
        return ["module %s has no complete integration target: add %s/ with %s (check mode, apply, apply again, "
                "update, delete, delete again; see %s)" % (name, target, " and ".join(missing), GUIDE)]
    meta = yaml.safe_load(_read(root, "%s/meta/main.yml" % target) or "") or {}
    if "setup_cupi" not in (meta.get("dependencies") or []):
        return ["module %s: %s/meta/main.yml must have dependencies: [setup_cupi] (the emulator and the "
                "connection)" % (name, target)]
    return []


def readme_row(name, root):
    """A row for the module in the table under README.md's "## Modules"."""
    if name in _readme_rows(root):
        return []
    return ["module %s has no row in README.md's module table: add | `%s.%s` | what it manages | "
            "under \"## Modules\"" % (name, COLLECTION, name)]


def reference_page(name, root):
    """docs/reference/<name>_module.rst and its line in docs/reference/index.rst, written by make docs."""
    relative = "docs/reference/%s_module.rst" % name
    problems = []
    if _read(root, relative) is None:
        problems.append("module %s has no reference page: run make docs to write %s, and commit it" % (name, relative))
    if "<%s_module.rst>" % name not in (_read(root, "docs/reference/index.rst") or ""):
        problems.append("module %s is not in docs/reference/index.rst: run make docs, and commit it" % name)
    return problems


def emulator_spec(name, root):
    """The emulator registers (@resource) a ResourceSpec whose type_name is the root of the
    type the module writes."""
    resource = written_type(name, root)
    if resource is None or resource.root in _emulator_types(root):
        return []
    return ["module %s writes %s, which the emulator does not serve: add a @resource ResourceSpec with "
            "type_name = %r under %s/ (see %s)" % (name, resource.root, resource.root, EMULATOR_MODELS, GUIDE)]


def info_subset(name, root):
    """telephony_info gathers the type the module writes, under the subset its Resource names."""
    resource = written_type(name, root)
    if resource is None:
        return []
    subset = subset_of(resource)
    if subset is None:
        return ["module %s writes %s, whose Resource declares no telephony_info subset: give it "
                "subset=\"<kinds>\" (plugins/module_utils/resources.py) and document the subset in "
                "plugins/modules/%s.py" % (name, resource.root, INFO)]
    if subset in _info_subsets(root):
        return []
    return ["module %s writes %s, which telephony_info does not gather: add the subset %s to "
            "plugins/modules/%s.py (the gather_subset choices of its DOCUMENTATION; those of its argument spec "
            "come from the Resources' subset)"
            % (name, resource.root, subset, INFO)]


def unit_test(name, root):
    """A file of tests/unit imports the module (its tests run it against the emulator)."""
    if name in _unit_imports(root):
        return []
    return ["module %s has no unit test: no file of tests/unit imports %s.plugins.modules.%s; add "
            "tests/unit/plugins/modules/test_%s.py that runs it against the emulator (see %s)"
            % (name, "ansible_collections." + COLLECTION, name, name, GUIDE)]


def wire_coverage(name, root):
    """tests/unit/wire/test_wire.py runs the module against Cisco's create and update examples."""
    if name in NO_BODY:
        return []
    if name not in _wire_table(root, "MODULES"):
        return ["module %s has no wire test: add its collection to MODULES and ELEMENTS in %s, or to NO_BODY "
                "in tests/unit/test_consistency.py if it sends no request body" % (name, WIRE_TEST)]
    resource = written_type(name, root)
    if resource is not None and resource.root not in _wire_table(root, "ELEMENTS"):
        return ["module %s: the wire test cannot read its XML bodies: add its collection -> %r to ELEMENTS in %s"
                % (name, resource.root, WIRE_TEST)]
    return []


CHECKS = [runner, action_plugin, action_group, integration_target, readme_row, reference_page,
          emulator_spec, info_subset, unit_test, wire_coverage]
# The tests of these checks, which name every module without testing one.
OWN_TESTS = ("test_consistency.py", "test_scaffold.py")


# -- what the checks read --------------------------------------------------------------------
def _grouped(root):
    members = ((_runtime(root).get("action_groups") or {}).get(GROUP)) or []
    return [_short(str(m)) for m in members if not isinstance(m, dict)]


def _action_files(root):
    """Every plugins/action/<name>.py: each runs the module of its name (the guide's step 3)."""
    return _python_files(root, "plugins/action")


def _readme_rows(root):
    section = re.search(r"^## Modules\n(.*?)(?=^## )", (_read(root, "README.md") or "") + "\n## end", re.M | re.S)
    return re.findall(r"^\|\s*`%s\.(\w+)`\s*\|" % re.escape(COLLECTION), section.group(1) if section else "", re.M)


def _reference_pages(root):
    return [f[:-len("_module.rst")] for f in os.listdir(os.path.join(root, "docs", "reference"))
            if f.endswith("_module.rst")]


def _emulator_types(root):
    """The type_name of every class decorated with @resource in the emulator's models."""
    found = set()
    for name in _python_files(root, EMULATOR_MODELS):
        tree = ast.parse(_read(root, "%s/%s.py" % (EMULATOR_MODELS, name)))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(getattr(d, "id", None) == "resource" for d in node.decorator_list):
                found.update(s.value.value for s in node.body if isinstance(s, ast.Assign)
                             and [getattr(t, "id", None) for t in s.targets] == ["type_name"]
                             and isinstance(s.value, ast.Constant))
    return found


def _info_subsets(root):
    """telephony_info's gather_subset choices, but ``all``: those of its argument spec (built
    from the Resources) that its DOCUMENTATION lists too."""
    found = _runner(INFO, root)[0]
    if found is None:
        return set()
    return set((found.argument_spec.get("gather_subset") or {}).get("choices") or []) & _info_documented(root)


def _info_documented(root):
    """The gather_subset choices telephony_info's DOCUMENTATION lists."""
    try:
        documentation = yaml.safe_load(getattr(_load(root, "plugins/modules/%s.py" % INFO), "DOCUMENTATION", "") or "")
    except Exception:  # pylint: disable=broad-except
        return set()
    option = ((documentation or {}).get("options") or {}).get("gather_subset") or {}
    return set(option.get("choices") or [])


def _unit_imports(root):
    """The modules some file of tests/unit imports (``from ...plugins.modules import x`` or
    ``import ...plugins.modules.x``), but the files of these checks."""
    package = "ansible_collections.%s.plugins.modules" % COLLECTION
    found = set()
    for folder, _dirs, files in os.walk(os.path.join(root, "tests", "unit")):
        for name in files:
            if not name.endswith(".py") or name in OWN_TESTS:
                continue
            try:
                tree = ast.parse(_read(folder, name) or "")
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module == package:
                    found.update(alias.name for alias in node.names)
                elif isinstance(node, (ast.ImportFrom, ast.Import)):
                    modules = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                    found.update(m[len(package) + 1:].split(".")[0] for m in modules if m and m.startswith(package + "."))
    return found


def _wire_table(root, table):
    """The values of a dict of the wire test: the modules of MODULES (``{"phonesystems": phone_system, ...}``),
    the XML elements of ELEMENTS (``{"phonesystems": "PhoneSystem", ...}``)."""
    source = _read(root, WIRE_TEST)
    for node in ast.parse(source or "").body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [table]:
            return set(getattr(v, "id", None) or getattr(v, "value", None) for v in getattr(node.value, "values", []))
    return set()


LEFTOVERS = [
    (_grouped, "action_groups.%s in meta/runtime.yml" % GROUP),
    (_action_files, "plugins/action"),
    (_readme_rows, "README.md's module table"),
    (_reference_pages, "docs/reference (run make docs)"),
]


def leftovers(root):
    """Every place above that names a module plugins/modules does not have."""
    modules = set(module_names(root))
    return ["%s names %s, which is not a module of plugins/modules" % (where, gone)
            for listed, where in LEFTOVERS for gone in sorted(set(listed(root)) - modules)]


def stale_exceptions(root):
    """WRITES and NO_BODY name modules that exist and that still need the exception."""
    modules = set(module_names(root))
    problems = ["%s in tests/unit/test_consistency.py names %s, which is not a module" % (table, name)
                for table, names in (("WRITES", WRITES), ("NO_BODY", NO_BODY)) for name in sorted(names)
                if name not in modules]
    problems.extend("WRITES names %s, whose Runner declares its resource: remove it from WRITES" % name
                    for name in sorted(set(WRITES) & modules)
                    if getattr(_runner(name, root)[0], "resource", None) is not None)
    problems.extend("NO_BODY names %s, which %s runs: remove it from NO_BODY" % (name, WIRE_TEST)
                    for name in sorted(set(NO_BODY) & _wire_table(root, "MODULES")))
    return problems


def problems_of(root):
    """Everything the checks of the modules and ``leftovers`` find in a tree."""
    return [p for name in module_names(root) for check in CHECKS for p in check(name, root)] + leftovers(root)


# -- the collection ------------------------------------------------------------------------
def test_the_modules_are_found():
    """The listing the checks walk is what the build imports from (the same folder)."""
    assert module_names(), "no module in plugins/modules"
    from ansible_collections.cupi.telephony.plugins import modules  # pylint: disable=import-outside-toplevel
    # A namespace package's path may name one folder more than once (sys.path holds it twice).
    imported = set(os.path.realpath(p) for p in modules.__path__)
    assert imported == {os.path.realpath(os.path.join(ROOT, "plugins", "modules"))}, imported


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__ for c in CHECKS])
@pytest.mark.parametrize("name", module_names())
def test_module_has_its_piece(name, check):
    problems = check(name, ROOT)
    assert problems == [], "\n".join(problems)


def test_nothing_names_a_module_that_is_gone():
    problems = leftovers(ROOT)
    assert problems == [], "\n".join(problems)


def guide_checks(text):
    """The checks the guide names in its notes: ``[`runner`: ...; `leftovers`: ...]``."""
    names = set()
    for note in re.findall(r"\[(`[a-z_]+`[:;][^\]]*)\]", text):
        names.update(re.findall(r"(?:^|;\s+)`([a-z_]+)`[:;]", note))
    return names


def test_the_guide_names_every_check_and_no_other():
    """docs/developing.md's steps and this test agree: each check is named in a step's note,
    and each name there is a check."""
    checks = set(c.__name__ for c in CHECKS) | {"leftovers", "stale_exceptions"}
    assert guide_checks(_read(ROOT, GUIDE)) == checks


def test_the_guide_check_names_are_found():
    text = "1. x\n   [`runner`: a; `leftovers`: b, as `resource`; c]\n2. y [`unit_test`: d]\n"
    assert guide_checks(text) == {"runner", "leftovers", "unit_test"}


def test_every_exception_is_needed():
    problems = stale_exceptions(ROOT)
    assert problems == [], "\n".join(problems)


# -- each check fails when its step is missing ---------------------------------------------
FAKE = "made_up_thing"
FAKE_MODULE = '''
from ansible_collections.cupi.telephony.plugins.module_utils.objects import ObjectRunner
from ansible_collections.cupi.telephony.plugins.module_utils.spec import Field, Resource

THING = Resource(kind="made up thing", path="/vmrest/madeupthings", root="MadeUpThing",
                 fields=[Field("name", "DisplayName")], subset="made_up_things")


class Runner(ObjectRunner):
    resource = THING
'''
FAKE_INFO = '''
from ansible_collections.cupi.telephony.plugins.module_utils.base import CupiRunner

DOCUMENTATION = """
options:
  gather_subset:
    choices: [all, made_up_things]
"""


class Runner(CupiRunner):
    argument_spec = dict(gather_subset=dict(type="list", choices=["all", "made_up_things"]))
'''
ACTION = "from ansible_collections.cupi.telephony.plugins.plugin_utils.action import CupiActionBase as ActionModule\n"
EMULATOR = '''
from .base import ResourceSpec, resource


@resource
class MadeUpThingSpec(ResourceSpec):
    type_name = "MadeUpThing"
'''


def _write(root, relative, text):
    path = os.path.join(str(root), relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def fake_collection(root):
    """A tree with two modules, FAKE and telephony_info, and every piece the checks look for."""
    _write(root, "plugins/modules/%s.py" % FAKE, FAKE_MODULE)
    _write(root, "plugins/modules/%s.py" % INFO, FAKE_INFO)
    rows = ""
    for name in (FAKE, INFO):
        _write(root, "plugins/action/%s.py" % name, '"""Runs %s."""\n%s' % (name, ACTION))
        for relative in TARGET_FILES:
            _write(root, "tests/integration/targets/%s/%s" % (name, relative), "---\n")
        _write(root, "tests/integration/targets/%s/meta/main.yml" % name, "dependencies: [setup_cupi]\n")
        _write(root, "docs/reference/%s_module.rst" % name, "x\n")
        rows += "| `%s.%s` | a thing |\n" % (COLLECTION, name)
    _write(root, "docs/reference/index.rst", "".join("* `%s module <%s_module.rst>`_\n" % (n, n) for n in (FAKE, INFO)))
    _write(root, "meta/runtime.yml", yaml.safe_dump({"action_groups": {GROUP: [FAKE, INFO]}}))
    _write(root, "README.md", "# x\n\n## Modules\n\n| module | what |\n|---|---|\n%s\n## More\n" % rows)
    _write(root, "%s/things.py" % EMULATOR_MODELS, EMULATOR)
    for name in (FAKE, INFO):
        _write(root, "tests/unit/plugins/modules/test_%s.py" % name,
               "from ansible_collections.%s.plugins.modules import %s\n" % (COLLECTION, name))
    _write(root, WIRE_TEST, "from x import %s\n\nMODULES = {\"madeupthings\": %s}\nELEMENTS = {\"madeupthings\": \"MadeUpThing\"}\n"
           % (FAKE, FAKE))
    return str(root)


def _remove(relative):
    return lambda root: os.remove(os.path.join(str(root), relative))


def _rewrite(relative, text):
    return lambda root: _write(root, relative, text)


def _edit(relative, old, new):
    def edit(root):
        text = _read(str(root), relative)
        assert old in text, (relative, old)
        _write(root, relative, text.replace(old, new))
    return edit


ACTION_FILE = "plugins/action/%s.py" % FAKE
MODULE_FILE = "plugins/modules/%s.py" % FAKE
TARGET = "tests/integration/targets/%s" % FAKE
OUTSIDE_THE_TABLE = "## Modules\n\n| `%s.%s` | x |\n\n## More\n| `%s.%s` | x |\n" % (COLLECTION, INFO, COLLECTION, FAKE)
# (the check, how to break the fake tree, what its one problem must say beside the module's name)
BREAKS = [
    pytest.param(runner, _edit(MODULE_FILE, "class Runner(", "class Other("), "must define class Runner",
                 id="runner-missing"),
    pytest.param(runner, _edit(MODULE_FILE, "ObjectRunner)", "object)"), "a subclass of CupiRunner",
                 id="runner-not-of-the-shared-base"),
    pytest.param(runner, _edit(MODULE_FILE, "    resource = THING", "    pass"), "declares no resource",
                 id="runner-without-its-type"),
    pytest.param(runner, _edit(MODULE_FILE, "import ObjectRunner", "import Nothing"), "does not import",
                 id="module-that-does-not-import"),
    pytest.param(action_plugin, _remove(ACTION_FILE), "has no action plugin: add %s" % ACTION_FILE,
                 id="action-plugin-missing"),
    pytest.param(action_plugin, _rewrite(ACTION_FILE, ""), "defines no ActionModule", id="action-plugin-empty"),
    pytest.param(action_plugin, _rewrite(ACTION_FILE, '"""Runs %s."""\nACTION = None\n' % FAKE),
                 "defines no ActionModule", id="action-plugin-without-the-class"),
    pytest.param(action_plugin, _rewrite(ACTION_FILE, "from ansible.plugins.action import ActionBase as ActionModule\n"),
                 "as ActionBase, not the collection's action class", id="action-plugin-another-class"),
    pytest.param(action_plugin, _rewrite(ACTION_FILE, ACTION + "\n\nclass ActionModule(ActionModule):\n    pass\n"),
                 "not the collection's action class", id="action-plugin-a-subclass"),
    pytest.param(action_plugin, _rewrite(ACTION_FILE, "import nowhere_at_all\n"), "does not import",
                 id="action-plugin-that-does-not-import"),
    pytest.param(action_group, _rewrite("meta/runtime.yml", "action_groups:\n  %s: [%s]\n" % (GROUP, INFO)),
                 "action_groups.%s in meta/runtime.yml" % GROUP, id="action-group-missing"),
    pytest.param(integration_target, _remove("%s/aliases" % TARGET), "%s/ with aliases" % TARGET,
                 id="integration-target-without-aliases"),
    pytest.param(integration_target, _remove("%s/tasks/run.yml" % TARGET), "with tasks/run.yml",
                 id="integration-target-without-run"),
    pytest.param(integration_target, _rewrite("%s/meta/main.yml" % TARGET, "dependencies: []\n"), "setup_cupi",
                 id="integration-target-without-setup"),
    pytest.param(readme_row, _edit("README.md", "| `%s.%s` | a thing |\n" % (COLLECTION, FAKE), ""),
                 "no row in README.md", id="readme-row-missing"),
    pytest.param(readme_row, _rewrite("README.md", OUTSIDE_THE_TABLE), "no row in README.md",
                 id="readme-row-outside-the-module-table"),
    pytest.param(reference_page, _remove("docs/reference/%s_module.rst" % FAKE),
                 "run make docs to write docs/reference/%s_module.rst" % FAKE, id="reference-page-missing"),
    pytest.param(reference_page, _rewrite("docs/reference/index.rst", "* `%s module <%s_module.rst>`_\n" % (INFO, INFO)),
                 "not in docs/reference/index.rst", id="reference-page-not-in-the-index"),
    pytest.param(emulator_spec, _remove("%s/things.py" % EMULATOR_MODELS), "type_name = 'MadeUpThing'",
                 id="emulator-spec-missing"),
    pytest.param(emulator_spec, _edit("%s/things.py" % EMULATOR_MODELS, "@resource\n", ""), "the emulator does not serve",
                 id="emulator-spec-not-registered"),
    pytest.param(info_subset, _edit("plugins/modules/%s.py" % INFO, ', "made_up_things"', ""),
                 "add the subset made_up_things", id="info-subset-missing"),
    pytest.param(info_subset, _edit(MODULE_FILE, ', subset="made_up_things"', ""),
                 "declares no telephony_info subset", id="info-subset-not-declared"),
    pytest.param(info_subset, _edit("plugins/modules/%s.py" % INFO, "[all, made_up_things]", "[all]"),
                 "add the subset made_up_things", id="info-subset-not-documented"),
    pytest.param(unit_test, _remove("tests/unit/plugins/modules/test_%s.py" % FAKE), "has no unit test",
                 id="unit-test-missing"),
    pytest.param(unit_test, _rewrite("tests/unit/plugins/modules/test_%s.py" % FAKE,
                                     "import ansible_collections.%s.plugins.modules.%s\n" % (COLLECTION, INFO)),
                 "has no unit test", id="unit-test-of-another-module"),
    pytest.param(wire_coverage, _rewrite(WIRE_TEST, "MODULES = {}\n"), "MODULES and ELEMENTS in %s" % WIRE_TEST,
                 id="wire-coverage-missing"),
    pytest.param(wire_coverage, _edit(WIRE_TEST, '"MadeUpThing"', '"Other"'), "add its collection -> 'MadeUpThing' to ELEMENTS",
                 id="wire-coverage-without-the-element"),
]


def test_a_complete_made_up_collection_passes(tmp_path):
    root = fake_collection(tmp_path)
    assert module_names(root) == [FAKE, INFO]
    assert problems_of(root) == []


@pytest.mark.parametrize("check, break_it, named", BREAKS)
def test_a_missing_step_fails_with_the_module_and_the_file(tmp_path, check, break_it, named):
    root = fake_collection(tmp_path)
    break_it(tmp_path)
    problems = check(FAKE, root)
    assert len(problems) == 1 and FAKE in problems[0] and named in problems[0], problems
    assert problems_of(root) == problems  # no other check, module, leftover or exception complains


@pytest.mark.parametrize("listed, where", LEFTOVERS, ids=["action-group", "action-plugin", "readme-row", "reference-page"])
def test_a_module_that_is_gone_is_noticed(tmp_path, listed, where):
    """The module file removed: each place that still names it is reported (the checks of
    the module itself no longer run)."""
    root = fake_collection(tmp_path)
    os.remove(os.path.join(root, MODULE_FILE))
    assert listed(root) and FAKE in listed(root)
    assert "%s names %s, which is not a module of plugins/modules" % (where, FAKE) in leftovers(root)


def test_a_leftover_action_plugin_alone_is_noticed(tmp_path):
    root = fake_collection(tmp_path)
    _write(tmp_path, "plugins/action/gone_thing.py", ACTION)
    assert problems_of(root) == ["plugins/action names gone_thing, which is not a module of plugins/modules"]


def test_an_exception_no_longer_needed_is_noticed(tmp_path):
    root = fake_collection(tmp_path)
    assert stale_exceptions(root) == ["%s in tests/unit/test_consistency.py names %s, which is not a module" % pair
                                      for pair in (("WRITES", "port_group_reset"), ("WRITES", "ports"),
                                                   ("NO_BODY", "port_group_reset"))]
    _write(tmp_path, "plugins/modules/ports.py", FAKE_MODULE)
    _write(tmp_path, WIRE_TEST, "MODULES = {\"a\": %s, \"b\": %s}\n" % (FAKE, INFO))
    problems = stale_exceptions(root)
    assert "WRITES names ports, whose Runner declares its resource: remove it from WRITES" in problems
    assert "NO_BODY names %s, which %s runs: remove it from NO_BODY" % (INFO, WIRE_TEST) in problems
