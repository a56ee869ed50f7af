# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the scaffold of a module for a new CUPI object type.

    .venv/bin/python tools/new_resource.py port_group_widgets --parent port_group

writes what docs/developing.md, "Adding a module for a new object type", can generate: the
``Resource`` (step 1, with a placeholder field), the module (2), its action plugin (3), the
action group entry (4), the integration target (5), the README row (6), the emulator spec (8),
the ``telephony_info`` documentation of its subset (9) and a unit-test file (10). Then it
prints what is left to write by hand and runs the consistency checks
(tests/unit/test_consistency.py) on the tree, printing what they report.

Standard library only. ``--root-dir`` names the collection tree to write into (default: the
repository this script is in).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTION = "cupi.telephony"
# The parent option -> (its Resource constant, its collection path, its CUPI root, its kind).
PARENTS = {
    "phone_system": ("PHONE_SYSTEM", "/vmrest/phonesystems", "PhoneSystem", "phone system"),
    "port_group": ("PORT_GROUP", "/vmrest/portgroups", "PortGroup", "port group"),
}
NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
ROOT = re.compile(r"^[A-Z][A-Za-z0-9]*$")
COLLECTION_SEGMENT = re.compile(r"^[a-z][a-z0-9]*$")
RESOURCES_FILE = "plugins/module_utils/resources.py"
RESOURCES_MARK = "# Every type, the most specific path first"
EMULATOR_MODELS = "emulator/src/cupi_emulator/models"
INFO_FILE = "plugins/modules/telephony_info.py"
HEADER = """# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""


# -- names ------------------------------------------------------------------------------------
def singular(word):
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class Names:
    """Every spelling of the new type the files need."""

    def __init__(self, name, parent=None, root=None, collection=None):
        words = name.split("_")
        words[-1] = singular(words[-1])
        self.name = name
        self.parent = parent
        self.const = name.upper()
        self.root = root or "".join(w.capitalize() for w in words)
        self.collection = collection or name.replace("_", "")
        self.kind = " ".join(words)
        self.kinds = name.replace("_", " ")
        self.list_name = self.root + "s"
        if parent:
            const, path, parent_root, parent_kind = PARENTS[parent]
            self.parent_const, self.parent_root, self.parent_kind = const, parent_root, parent_kind
            self.path = "%s/{%s_id}/%s" % (path, parent, self.collection)
        else:
            self.parent_const = self.parent_root = self.parent_kind = None
            self.path = "/vmrest/%s" % self.collection
        self.short = "".join(w[0] for w in name.split("_"))  # a prefix for test names and variables


# -- checks before anything is written -------------------------------------------------------
def refusal(args, root_dir):
    """What is wrong with the arguments (option, allowed values), or None."""
    if not NAME.match(args.name):
        return "NAME: %r is not a module name: snake_case, a lower-case letter first, then lower-case letters, " \
               "digits and single underscores (e.g. port_group_widgets)" % args.name
    if args.parent is not None and args.parent not in PARENTS:
        return "--parent: unknown parent %r; allowed values: %s, or no --parent for a top-level object" \
               % (args.parent, ", ".join(sorted(PARENTS)))
    if args.root is not None and not ROOT.match(args.root):
        return "--root: %r is not a CUPI element name: CamelCase, letters and digits (e.g. PortGroupWidget)" % args.root
    if args.collection is not None and not COLLECTION_SEGMENT.match(args.collection):
        return "--collection: %r is not a URL segment: lower-case letters and digits (e.g. portgroupwidgets)" \
               % args.collection
    if not os.path.isfile(os.path.join(root_dir, RESOURCES_FILE)):
        return "--root-dir: %s is not a cupi.telephony collection tree (no %s)" % (root_dir, RESOURCES_FILE)
    return exists_already(Names(args.name, args.parent, args.root, args.collection), root_dir)


def exists_already(names, root_dir):
    taken = [relative for relative in ("plugins/modules/%s.py" % names.name, "plugins/action/%s.py" % names.name,
                                       "tests/integration/targets/%s" % names.name,
                                       "%s/%s.py" % (EMULATOR_MODELS, names.name),
                                       "tests/unit/plugins/modules/test_%s.py" % names.name)
             if os.path.exists(os.path.join(root_dir, relative))]
    if re.search(r"^%s = " % names.const, read(root_dir, RESOURCES_FILE), re.M):
        taken.append("%s (%s)" % (RESOURCES_FILE, names.const))
    if re.search(r"type_name = \"%s\"" % names.root, "".join(
            read(root_dir, "%s/%s" % (EMULATOR_MODELS, f)) for f in os.listdir(os.path.join(root_dir, EMULATOR_MODELS))
            if f.endswith(".py"))):
        taken.append("an emulator spec of type_name %r (--root)" % names.root)
    if taken:
        return "NAME: the module %s exists already: %s" % (names.name, ", ".join(taken))
    return None


# -- files --------------------------------------------------------------------------------------
def read(root_dir, relative):
    with open(os.path.join(root_dir, relative), encoding="utf-8") as handle:
        return handle.read()


def write(root_dir, relative, text, written):
    path = os.path.join(root_dir, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    written.append(relative)


def edit(root_dir, relative, change, written):
    """Rewrite a file with ``change(text)``, which must change it."""
    text = read(root_dir, relative)
    new = change(text)
    if new == text:
        raise SystemExit("error: %s: the expected place to edit was not found" % relative)
    write(root_dir, relative, new, written)


def wrap(items, first, indent, width=115, last=")"):
    """``first`` + the items, comma-separated, wrapped at ``width`` with ``indent``."""
    lines, line = [], first
    for index, item in enumerate(items):
        piece = item + ("," if index < len(items) - 1 else last)
        if len(line) + len(piece) + 1 > width and line.strip() != first.strip():
            lines.append(line.rstrip())
            line = indent
        line += piece + " "
    lines.append(line.rstrip())
    return "\n".join(lines)


# -- step 1: the Resource ------------------------------------------------------------------------
def resource_text(n):
    lines = ["%s = Resource(" % n.const, '    kind="%s",' % n.kind, '    path="%s",' % n.path, '    root="%s",' % n.root]
    if n.parent:
        lines += ["    parent=%s," % n.parent_const, '    key=("name",),']
    lines += ['    subset="%s",' % n.name, "    fields=[",
              "        # Replace by the type's fields: option, CUPI field, type and range as Cisco's reference",
              "        # gives them (docs/developing.md, step 1; the emulator's spec declares the same).",
              '        Field("name", "DisplayName", max_length=64),', "    ],", ")"]
    return "\n".join(lines) + "\n\n\n"


def add_resource(root_dir, n, written):
    def change(text):
        if RESOURCES_MARK not in text:
            return text
        text = text.replace(RESOURCES_MARK, resource_text(n) + RESOURCES_MARK, 1)
        match = re.search(r"^RESOURCES = \((.*?)\)", text, re.M | re.S)
        items = [n.const] + [i.strip() for i in match.group(1).split(",") if i.strip()]
        return text[:match.start()] + wrap(items, "RESOURCES = (", " " * 13) + text[match.end():]
    edit(root_dir, RESOURCES_FILE, change, written)


# -- step 2: the module ---------------------------------------------------------------------------
CHILD_OPTIONS = """  %(parent)s:
    description: The name of the %(parent_kind)s.
    type: str
    required: true
  state:
    description:
      - V(merged) makes every listed %(kind)s exist with the options given and leaves the
        others alone.
      - V(replaced) makes the listed %(kinds)s the only ones; those of the %(parent_kind)s
        that are not listed are removed.
      - V(deleted) removes the listed %(kinds)s, or every one of the %(parent_kind)s when
        O(items) is empty.
    type: str
    choices: [merged, replaced, deleted]
    default: merged
  items:
    description: The %(kinds)s.
    type: list
    elements: dict
    default: []
    suboptions:
      # By hand: one entry per Field of the Resource (type, range, choices), the key first.
      name:
        description: The name of the %(kind)s; the key of the item.
        type: str
        required: true
"""
OBJECT_OPTIONS = """  # By hand: one option per Field of the Resource (type, range, choices).
  name:
    description: The name of the %(kind)s; unique on the server.
    type: str
    required: true
  state:
    description: V(present) creates or updates the %(kind)s, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
"""


def option_docs(n):
    return (CHILD_OPTIONS if n.parent else OBJECT_OPTIONS) % vars_of(n)


def vars_of(n):
    return dict(name=n.name, kind=n.kind, kinds=n.kinds, parent=n.parent, parent_kind=n.parent_kind,
                path=n.path, const=n.const, root=n.root, collection=COLLECTION, short=n.short.upper())


def documentation(n, version):
    what = "the %s of a Unity Connection %s" % (n.kinds, n.parent_kind) if n.parent \
        else "Unity Connection %s" % n.kinds
    manages = "Manages the %(kinds)s of one %(parent_kind)s" if n.parent else "Creates, updates and deletes a %(kind)s"
    return '''DOCUMENTATION = r"""
module: %(name)s
short_description: Manage %(what)s
version_added: %(version)s
description:
  # By hand: what the type is, what the server refuses, what a change leaves behind.
  - %(manages)s through the CUPI REST API (C(%(path)s)).
extends_documentation_fragment:
  - cupi.telephony.connection
  - cupi.telephony.connection.hostname
  - cupi.telephony.connection.attributes
options:
%(options)sauthor:
  - cupi.telephony maintainers (@cupi-telephony)
"""
''' % dict(vars_of(n), what=what, version=version, manages=manages % vars_of(n), options=option_docs(n))


def examples(n):
    if n.parent:
        body = """- name: Exactly these %(kinds)s
  %(collection)s.%(name)s:
    hostname: cuc.example.com
    username: admin
    password: "{{ vault_cuc_password }}"
    %(parent)s: %(parent_example)s
    state: replaced
    items:
      - name: first
      - name: second
"""
    else:
        body = """- name: A %(kind)s
  %(collection)s.%(name)s:
    hostname: cuc.example.com
    username: admin
    password: "{{ vault_cuc_password }}"
    name: first

- name: Remove it
  %(collection)s.%(name)s:
    name: first
    state: absent
"""
    example = {"phone_system": "CUCM-HQ", "port_group": "CUCM-HQ-SIP"}.get(n.parent)
    return 'EXAMPLES = r"""\n%s"""\n' % (body % dict(vars_of(n), parent_example=example))


REQUESTS_DOC = """msg:
  description: What happened, in one line.
  returned: always
  type: str
requests:
  description:
    - The requests the task sent, in order, or in check mode those it would send; on a failure, those
      sent up to the one that failed, that one last. Each has C(method), C(path), C(body) (the CUPI fields sent,
      when there is a body) and C(why).
    - In check mode the id of an object that does not exist yet shows as V((new)).
  returned: always
  type: list
  elements: dict
differences:
  description:
    - What differs between the server and the task (what changed, or in check mode what would change), each
      field that differs with the server's value (V(before)) and the task's (V(after)).
  returned: always
  type: list
  elements: dict
"""


def returns(n):
    if n.parent:
        rest = """duplicates:
  description: The %(kinds)s removed because an earlier one on the server has the same key, as they were.
  returned: always
  type: list
  elements: dict
before:
  description: The %(kinds)s before the task.
  returned: always
  type: list
  elements: dict
after:
  description: The %(kinds)s after the task (as they would be, in check mode).
  returned: always
  type: list
  elements: dict
%(name)s:
  description: The same as RV(after).
  returned: always
  type: list
  elements: dict
"""
    else:
        rest = """%(name)s:
  description: The %(kind)s after the task (as it would be, in check mode); empty when it is absent.
  returned: always
  type: dict
"""
    return 'RETURN = r"""\n%s%s"""\n' % (REQUESTS_DOC, rest % vars_of(n))


def runner_code(n):
    if n.parent:
        return '''from ansible_collections.cupi.telephony.plugins.module_utils.base import run_module
from ansible_collections.cupi.telephony.plugins.module_utils.children import ChildListRunner, children_argspec
from ansible_collections.cupi.telephony.plugins.module_utils.resources import %(const)s


class Runner(ChildListRunner):
    resource = %(const)s
    items_option = "items"
    result_key = "%(name)s"
    label = "%(kinds)s of %(parent_kind)s %%s"
    argument_spec = children_argspec(%(const)s, "items")
    # By hand, if the server has rules the module should check before any write: check_parent().
''' % vars_of(n)
    return '''from ansible_collections.cupi.telephony.plugins.module_utils.base import object_argspec, run_module
from ansible_collections.cupi.telephony.plugins.module_utils.objects import ObjectRunner
from ansible_collections.cupi.telephony.plugins.module_utils.resources import %(const)s


class Runner(ObjectRunner):
    resource = %(const)s
    result_key = "%(name)s"
    argument_spec = object_argspec(%(const)s)
''' % vars_of(n)


def module_text(n, version):
    return "".join([
        "#!/usr/bin/python\n", HEADER, "\nfrom __future__ import annotations\n\n",
        "# By hand: the option documentation below, one entry per Field of the Resource (%s in %s).\n"
        % (n.const, RESOURCES_FILE),
        documentation(n, version), "\n", examples(n), "\n", returns(n), "\n", runner_code(n),
        "\n\ndef main():\n    run_module(Runner)\n\n\nif __name__ == \"__main__\":\n    main()\n"])


def action_text(n):
    return HEADER + '''"""Runs %s.%s in the controller process (plugins/plugin_utils/action.py)."""

from __future__ import annotations

from ansible_collections.cupi.telephony.plugins.plugin_utils.action import CupiActionBase as ActionModule

__all__ = ["ActionModule"]
''' % (COLLECTION, n.name)


# -- step 4: the action group --------------------------------------------------------------------
def add_to_group(root_dir, n, written):
    """``- <name>`` in action_groups.cupi of meta/runtime.yml, before telephony_info (which reads the others)."""
    def change(text):
        match = re.search(r"^action_groups:\n(\s+)cupi:\n((?:\1\s*- .*\n)+)", text, re.M)
        if not match:
            return text
        entries = match.group(2).splitlines(True)
        indent = re.match(r"\s*- ", entries[0]).group(0)
        line = "%s%s\n" % (indent, n.name)
        at = next((i for i, e in enumerate(entries) if e.strip() == "- telephony_info"), len(entries))
        entries.insert(at, line)
        return text[:match.start(2)] + "".join(entries) + text[match.end(2):]
    edit(root_dir, "meta/runtime.yml", change, written)


# -- step 5: the integration target --------------------------------------------------------------
MODULE_DEFAULTS = """  environment:
    # make integration runs the targets in the run cache's verify mode.
    CUPI_RUN_CACHE_VERIFY: "{{ cupi_run_cache_verify | default('0') }}"
  module_defaults:
    group/cupi.telephony.cupi:
      hostname: "{{ cupi_hostname }}"
      port: "{{ cupi_port }}"
      username: "{{ cupi_username }}"
      password: "{{ cupi_password }}"
      use_ssl: "{{ cupi_use_ssl | default(true) }}"
      validate_certs: "{{ cupi_validate_certs | default(true) }}"
      ca_path: "{{ cupi_ca_path | default(omit) }}"
      api_format: "{{ api_format }}"
"""


def target_files(n):
    return {
        "aliases": "context/controller\n",
        "meta/main.yml": "---\ndependencies:\n  - setup_cupi\n",
        "tasks/main.yml": """---
- name: Run the %(name)s rhythm in every wire format
  ansible.builtin.include_tasks: run.yml
  loop: [xml, json]
  loop_control:
    loop_var: api_format
""" % vars_of(n),
        "tasks/run.yml": (child_run if n.parent else object_run)(n),
    }


def read_back(n, path_var):
    return """
    - name: Read the server
      ansible.builtin.include_role:
        name: setup_cupi
        tasks_from: get.yml
      vars:
        setup_cupi_path: "{{ %s }}"
        setup_cupi_key: %s
""" % (path_var, n.root)


def step(n, title, register, options, extra=""):
    return """
    - name: %s
      %s.%s:
%s%s      register: %s
""" % (title, COLLECTION, n.name, options, extra, register)


def assert_step(title, that):
    return """
    - name: %s
      # By hand: assert what the step did: the fields the server shows in setup_cupi_rows (its CUPI
      # names), the module's result (msg, before, after, differences) and the requests it sent.
      ansible.builtin.assert:
        that:
%s""" % (title, "".join("          - %s\n" % t for t in that))


def parents_setup(n):
    """The tasks that remove and create the parents a child needs."""
    s = n.short
    ps = """
    - name: Start without the phone system
      cupi.telephony.phone_system:
        name: "{{ %(s)s_ps }}"
        state: absent

    - name: A phone system
      cupi.telephony.phone_system:
        name: "{{ %(s)s_ps }}"
      register: %(s)s_phone_system
""" % dict(s=s)
    if n.parent != "port_group":
        return ps
    return ps + """
    - name: A SIP port group
      cupi.telephony.port_group:
        name: "{{ %(s)s_pg }}"
        phone_system: "{{ %(s)s_ps }}"
        integration: sip
        host: 10.9.9.10
      register: %(s)s_port_group
""" % dict(s=s)


def child_run(n):
    s = n.short
    parent_id = "%s_port_group.port_group" % s if n.parent == "port_group" else "%s_phone_system.phone_system" % s
    items = "        %s: \"{{ %s_%s }}\"\n        items:\n          - name: IT-%s-1\n" % (
        n.parent, s, "pg" if n.parent == "port_group" else "ps", s.upper())
    text = """---
# check mode -> apply -> apply again -> delete -> delete again, in {{ api_format }}.
# By hand: the items' options (every field), an update step, a replaced step and the errors.
- name: %(kinds)s in {{ api_format }}
%(defaults)s  vars:
    %(s)s_ps: "IT-%(S)s-{{ api_format }}"
    %(s)s_pg: "IT-%(S)s-SIP-{{ api_format }}"
    %(s)s_path: "%(prefix)s/{{ %(parent_id)s.object_id }}/%(segment)s"
  block:""" % dict(kinds=n.kinds.capitalize(), defaults=MODULE_DEFAULTS, s=s, S=s.upper(), parent_id=parent_id,
                   prefix=PARENTS[n.parent][1], segment=n.collection)
    text += parents_setup(n)
    text += step(n, "An item (check mode)", "%s_check" % s, items, "      check_mode: true\n")
    text += read_back(n, "%s_path" % s)
    text += assert_step("Check mode reported the addition and added nothing",
                        ["%s_check is changed" % s, "setup_cupi_rows | length == 0"])
    text += step(n, "An item", "%s_apply" % s, items, "      diff: true\n")
    text += read_back(n, "%s_path" % s)
    text += assert_step("It was added", ["%s_apply is changed" % s, "setup_cupi_rows | length == 1"])
    text += step(n, "The same item again", "%s_again" % s, items)
    text += assert_step("Nothing changed", ["%s_again is not changed" % s])
    text += step(n, "Remove every item", "%s_delete" % s, "        %s: \"{{ %s_%s }}\"\n        state: deleted\n" % (
        n.parent, s, "pg" if n.parent == "port_group" else "ps"))
    text += step(n, "Remove every item again", "%s_delete_again" % s, "        %s: \"{{ %s_%s }}\"\n        state: deleted\n"
                 % (n.parent, s, "pg" if n.parent == "port_group" else "ps"))
    text += read_back(n, "%s_path" % s)
    text += assert_step("All gone, once", ["%s_delete is changed" % s, "%s_delete_again is not changed" % s,
                                           "setup_cupi_rows | length == 0"])
    return text + cleanup(n)


def cleanup(n):
    s = n.short
    text = "\n  always:"
    if n.parent == "port_group":
        text += """
    - name: Remove the port group
      cupi.telephony.port_group:
        name: "{{ %s_pg }}"
        state: absent
""" % s
    if n.parent:
        text += """
    - name: Remove the phone system
      cupi.telephony.phone_system:
        name: "{{ %s_ps }}"
        state: absent
""" % s
    else:
        text += """
    - name: Remove the %s
      %s.%s:
        name: "{{ %s_name }}"
        state: absent
""" % (n.kind, COLLECTION, n.name, s)
    return text


def object_run(n):
    s = n.short
    text = """---
# check mode -> apply -> apply again -> delete -> delete again, in {{ api_format }}.
# By hand: the options (every field), an update step and the errors.
- name: %(kind)s in {{ api_format }}
%(defaults)s  vars:
    %(s)s_name: "IT-%(S)s-{{ api_format }}"
    %(s)s_query: "%(path)s?query=(DisplayName%%20is%%20{{ %(s)s_name }})"
  block:
    - name: Start without the %(kind)s
      %(collection)s.%(name)s:
        name: "{{ %(s)s_name }}"
        state: absent
""" % dict(kind=n.kind.capitalize(), defaults=MODULE_DEFAULTS, s=s, S=s.upper(), path=n.path,
           collection=COLLECTION, name=n.name)
    name = "        name: \"{{ %s_name }}\"\n" % s
    text += step(n, "A %s (check mode)" % n.kind, "%s_check" % s, name, "      check_mode: true\n")
    text += read_back(n, "%s_query" % s)
    text += assert_step("Check mode reported the creation and created nothing",
                        ["%s_check is changed" % s, "setup_cupi_rows | length == 0"])
    text += step(n, "A %s" % n.kind, "%s_apply" % s, name, "      diff: true\n")
    text += read_back(n, "%s_query" % s)
    text += assert_step("It was created", ["%s_apply is changed" % s, "setup_cupi_rows | length == 1"])
    text += step(n, "The same %s again" % n.kind, "%s_again" % s, name)
    text += assert_step("Nothing changed", ["%s_again is not changed" % s])
    absent = name + "        state: absent\n"
    text += step(n, "Delete it", "%s_delete" % s, absent)
    text += step(n, "Delete it again", "%s_delete_again" % s, absent)
    text += read_back(n, "%s_query" % s)
    text += assert_step("Gone, once", ["%s_delete is changed" % s, "%s_delete_again is not changed" % s,
                                       "setup_cupi_rows | length == 0"])
    return text + cleanup(n)


# -- step 6: the README row -----------------------------------------------------------------------
def add_readme_row(root_dir, n, written):
    what = ("the %s of a %s (`merged`, `replaced`, `deleted`)" % (n.kinds, n.parent_kind) if n.parent
            else "a %s, by name" % n.kind)

    def change(text):
        match = re.search(r"^## Modules\n.*?(?=^## )", text, re.M | re.S)
        if not match:
            return text
        table = re.search(r"^(?:\|.*\|\n)+", match.group(0), re.M)  # the first table: the modules
        if not table:
            return text
        at = match.start() + table.end()
        return text[:at] + "| `%s.%s` | %s |\n" % (COLLECTION, n.name, what) + text[at:]
    edit(root_dir, "README.md", change, written)


# -- step 8: the emulator spec --------------------------------------------------------------------
def emulator_text(n):
    parent = '    parent = "%s"\n    unique_scope = "parent"\n' % n.parent_root if n.parent else ""
    return '''"""%(kinds)s (%(path)s).

By hand: the fields as the server has them (wire order, defaults, ranges, required and
create-only ones) and its rules in the hooks of ResourceSpec (on_create, on_update,
before_delete, computed; see base.py), each with the page of Cisco's reference it comes from.
"""

from cupi_emulator.fields import Str
from cupi_emulator.models.base import ResourceSpec, resource


@resource
class %(root)sSpec(ResourceSpec):
    type_name = "%(root)s"
    list_name = "%(list_name)s"
    path = "%(segment)s"
%(parent)s    unique_name = "DisplayName"
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        Str("DisplayName", required=True, min_len=1, max_len=64),
    )
''' % dict(kinds=n.kinds.capitalize(), path=n.path, root=n.root, list_name=n.list_name, segment=n.collection,
           parent=parent)


def add_emulator_family(root_dir, n, written):
    def change(text):
        match = re.search(r"^from cupi_emulator\.models import ([\w, ]+?)(\s+# noqa: F401)?$", text, re.M)
        if not match:
            return text
        families = sorted(set([f.strip() for f in match.group(1).split(",")] + [n.name]))
        line = "from cupi_emulator.models import %s%s" % (", ".join(families), match.group(2) or "")
        return text[:match.start()] + line + text[match.end():]
    edit(root_dir, "%s/__init__.py" % EMULATOR_MODELS, change, written)


# -- step 9: telephony_info's documentation --------------------------------------------------------
def info_predecessor(n):
    """The subset the new one follows in telephony_info's SUBSETS (children first in RESOURCES)."""
    return {"phone_system": "phone_systems", "port_group": "port_groups"}.get(n.parent, "ports")


def add_info_subset(root_dir, n, written):
    def change(text):
        match = re.search(r"^(    choices: \[)(all, [^\]]*)\]\n", text, re.M)
        after = info_predecessor(n)
        if not match:
            return text
        choices = [c.strip() for c in match.group(2).split(",")]
        choices.insert(choices.index(after) + 1 if after in choices else len(choices), n.name)
        block = wrap(choices, match.group(1), " " * len(match.group(1)), width=100, last="]") + "\n"
        text = text[:match.start()] + block + text[match.end():]
        return add_info_return(text, n, after)
    edit(root_dir, INFO_FILE, change, written)


def add_info_return(text, n, after):
    start = text.index('RETURN = r"""')
    entry = re.search(r"^%s:\n(?:[ \n].*\n)*" % re.escape(after), text[start:], re.M)
    at = start + entry.end() if entry else text.index('"""', start + len('RETURN = r"""'))
    parent = " and C(%s)" % n.parent if n.parent else ""
    doc = """%s:
  description: The %s, with the %soptions of M(%s.%s)%s.
  returned: when gathered
  type: list
  elements: dict
""" % (n.name, n.kinds, "item " if n.parent else "", COLLECTION, n.name, parent)
    return text[:at] + doc + text[at:]


# -- step 10: the unit tests ----------------------------------------------------------------------
UNIT_TODO = '''

# By hand, the tests to write (see test_port_groups.py and test_requests.py):
# - apply: the item/object is created with every option, as the server shows it;
# - apply again: nothing changes, no write is sent;
# - an update of each field, and only the changed fields sent;
# - %s;
# - each range error, refused before any request;
# - both wire formats (api_format xml and json).
'''


def unit_test_text(n):
    parents = {"port_group": ("phone_system, port_group, ", '''    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
''', 'port_group="HQ-SIP", items=[dict(name="first")]'),
               "phone_system": ("phone_system, ", '''    run(phone_system, connection, name="HQ")
''', 'phone_system="HQ", items=[dict(name="first")]'),
               None: ("", "", 'name="first"')}
    modules, setup, options = parents[n.parent]
    todo = ("replaced removes the items not listed, deleted removes the listed ones (or all), each once"
            if n.parent else "state absent deletes it, once; an absent one is not changed")
    return HEADER + '''"""%(name)s against the emulator."""

from __future__ import annotations

from ansible_collections.cupi.telephony.plugins.modules import %(modules)s%(name)s
from ansible_collections.cupi.telephony.tests.unit.module_run import run, writes


def test_check_mode_changes_nothing(connection, emulator):
%(setup)s    emulator.clear_log()
    result = run(%(name)s, connection, check_mode=True, %(options)s)
    assert result["changed"] is True
    assert writes(emulator) == []
%(todo)s''' % dict(name=n.name, modules=modules, setup=setup, options=options, todo=UNIT_TODO % todo)


# -- the whole scaffold ----------------------------------------------------------------------------
def version_of(root_dir):
    match = re.search(r"^version:\s*['\"]?([^'\"\s]+)", read(root_dir, "galaxy.yml"), re.M)
    return match.group(1) if match else "0.1.0"


def scaffold(root_dir, n):
    """Write every generated piece; the list of files written or edited, in order."""
    written = []
    add_resource(root_dir, n, written)
    write(root_dir, "plugins/modules/%s.py" % n.name, module_text(n, version_of(root_dir)), written)
    write(root_dir, "plugins/action/%s.py" % n.name, action_text(n), written)
    add_to_group(root_dir, n, written)
    for relative, text in target_files(n).items():
        write(root_dir, "tests/integration/targets/%s/%s" % (n.name, relative), text, written)
    add_readme_row(root_dir, n, written)
    write(root_dir, "%s/%s.py" % (EMULATOR_MODELS, n.name), emulator_text(n), written)
    add_emulator_family(root_dir, n, written)
    add_info_subset(root_dir, n, written)
    write(root_dir, "tests/unit/plugins/modules/test_%s.py" % n.name, unit_test_text(n), written)
    return written


def by_hand(n):
    """What is left to write by hand, and the commands to run next."""
    collection = n.path.replace("/vmrest/", "").split("/")[0] if not n.parent else n.collection
    return [
        "%s: the fields of %s (replace the placeholder Field; step 1)" % (RESOURCES_FILE, n.const),
        "plugins/modules/%s.py: the documentation of every option and the description (step 2)" % n.name,
        "%s/%s.py: the emulator spec's fields and the server's rules (step 8)" % (EMULATOR_MODELS, n.name),
        "tests/unit/plugins/modules/test_%s.py and tests/integration/targets/%s/tasks/run.yml: the tests "
        "(steps 5 and 10; the emulator serves the new type once make setup has reinstalled it)" % (n.name, n.name),
        "run make docs: it writes the reference page docs/reference/%s_module.rst and its line in "
        "docs/reference/index.rst; commit both (step 7)" % n.name,
        "wire coverage: add %r: %s to MODULES and %r: %r to ELEMENTS in tests/unit/wire/test_wire.py, with "
        "Cisco's examples in emulator/tests/conformance/cases.json; or the module in NO_BODY of "
        "tests/unit/test_consistency.py if it sends no body (step 10)" % (collection, n.name, collection, n.root),
        "docs/ranges.md: a section for %s; tests/unit/plugins/module_utils/test_ranges_agree.py: %r in "
        "EMULATOR_ONLY (step 8)" % (n.root, n.root),
        "roles/integration: only if the integration role should manage %s (step 11)" % n.kinds,
    ]


CHECKS = r'''
import importlib.util, json, sys
root = sys.argv[1]
spec = importlib.util.spec_from_file_location("consistency", root + "/tests/unit/test_consistency.py")
checks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(checks)
print(json.dumps(checks.problems_of(root)))
'''


def collection_path(root_dir, stack):
    """``root_dir`` as <dir>/ansible_collections/cupi/telephony: itself when it is one, else a
    symlink in a temporary folder (closed with ``stack``); (that path, <dir>)."""
    parts = os.path.abspath(root_dir).split(os.sep)
    if parts[-3:] == ["ansible_collections", "cupi", "telephony"]:
        return os.sep.join(parts), os.sep.join(parts[:-3]) or os.sep
    temporary = stack.enter_context(tempfile.TemporaryDirectory(prefix="new_resource_"))
    os.makedirs(os.path.join(temporary, "ansible_collections", "cupi"))
    link = os.path.join(temporary, "ansible_collections", "cupi", "telephony")
    os.symlink(os.path.abspath(root_dir), link)
    return link, temporary


def consistency_problems(root_dir):
    """What tests/unit/test_consistency.py's checks report on the tree (in a Python of its own, with
    ansible_collections.cupi.telephony being that tree)."""
    import contextlib  # pylint: disable=import-outside-toplevel

    with contextlib.ExitStack() as stack:
        root, path = collection_path(root_dir, stack)
        env = dict(os.environ, PYTHONPATH=path, PYTHONDONTWRITEBYTECODE="1")
        done = subprocess.run([sys.executable, "-c", CHECKS, root], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return ["the consistency checks did not run: %s" % (done.stderr.strip().splitlines() or ["?"])[-1]]
    return json.loads(done.stdout)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("name", metavar="NAME", help="the module name, snake_case (port_group_widgets)")
    parser.add_argument("--parent", help="phone_system or port_group for a child type managed as a list under "
                                         "that parent; none for a top-level object found by name")
    parser.add_argument("--root", help="the CUPI element name (default: the CamelCase singular of NAME)")
    parser.add_argument("--collection", help="the URL segment (default: NAME without underscores)")
    parser.add_argument("--root-dir", default=HERE, help="the collection tree to write into (default: %(default)s)")
    return parser, parser.parse_args(argv)


def main(argv=None):
    parser, args = parse_args(argv)
    root_dir = os.path.abspath(args.root_dir)
    problem = refusal(args, root_dir)
    if problem:
        parser.error(problem)  # exit 2, nothing written
    n = Names(args.name, args.parent, args.root, args.collection)
    print("Written (docs/developing.md, \"Adding a module for a new object type\"):")
    for relative in scaffold(root_dir, n):
        print("  %s" % relative)
    print("\nLeft to write by hand, then to run:")
    for index, item in enumerate(by_hand(n), 1):
        print("  %d. %s" % (index, item))
    problems = consistency_problems(root_dir)
    print("\nWhat tests/unit/test_consistency.py reports now (%d):" % len(problems))
    for problem in problems:
        print("  - %s" % problem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
