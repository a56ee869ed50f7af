# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of the integration role's variables that need no server: the references within
the file (the cupi.telephony.check playbook; the role's preflight checks them against the
server before a run)."""

from __future__ import annotations

import difflib
import os

import yaml

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.cupi.telephony.plugins.filter.integration import is_placeholder, plain_arguments

# What the argument validation of one level reads of an option (the rest is documentation,
# and the nested options, which integration_keys checks level by level, with their path).
SPEC_KEYS = ("type", "elements", "required", "choices", "default", "no_log", "aliases")
# Up to this many options, an unknown key's message lists them all.
LISTED_OPTIONS = 12


def _present(item):
    return str(item.get("state") or "present") != "absent"


def _dicts(items):
    return [(index, item) for index, item in enumerate(items if isinstance(items, list) else [])
            if isinstance(item, dict)]


def _listed(items, key):
    """Key (lower case, as the server compares names) -> (index, present) of the file's items."""
    return dict((str(item.get(key, "")).lower(), (index, _present(item))) for index, item in _dicts(items))


def _reference(where, value, listed, kind, variable):
    """(errors, notes) for one reference to a SIP security profile or certificate."""
    if value in (None, ""):
        return [], []
    index, present = listed.get(str(value).lower(), (None, None))
    if index is None:
        return [], ["%s: %s %s is not in %s; it must already exist on the server" % (where, kind, value, variable)]
    if not present:
        return ["%s: refers to %s %s, which %s[%d] marks absent (it is removed at the end of the run); "
                "refer to another one or keep it present" % (where, kind, value, variable, index)], []
    return [], []


def _placeholder(where, value):
    if is_placeholder(value):
        return ["%s: a placeholder (%s), not a password; set the real one" % (where, value)]
    return []


def integration_references(phone_systems, profiles=None, certificates=None):
    """The references within the variables: SIP certificates (by name) and SIP security
    profiles (by port) that port groups name, against ``cupi_sip_certificates`` and
    ``cupi_sip_security_profiles``, and placeholders where a secret belongs.

    Returns ``errors`` (a reference to an entry the file marks absent, a placeholder) and
    ``notes`` (a reference the file does not list: the server must have it; port groups
    removed with their phone system), each message with its path in the variables."""
    errors, notes = [], []
    cert_names = _listed(certificates, "name")
    profile_ports = _listed(profiles, "port")
    for i, system in _dicts(phone_systems):
        where = "cupi_phone_systems[%d]" % i
        for k, server in _dicts(system.get("axl_servers")):
            errors += _placeholder("%s.axl_servers[%d].password" % (where, k), server.get("password"))
        for j, group in _dicts(system.get("port_groups")):
            path = "%s.port_groups[%d]" % (where, j)
            if not _present(group):
                continue
            if not _present(system):
                notes.append("%s: port group %s is removed with its phone system %s, which is marked absent; "
                             "its settings are not applied" % (path, group.get("name"), system.get("name")))
                continue
            settings = group.get("settings") if isinstance(group.get("settings"), dict) else {}
            for key, listed, kind, variable in (
                    ("sip_security_profile", profile_ports, "SIP security profile", "cupi_sip_security_profiles"),
                    ("sip_certificate", cert_names, "SIP certificate", "cupi_sip_certificates")):
                found = _reference("%s.settings.%s" % (path, key), settings.get(key), listed, kind, variable)
                errors += found[0]
                notes += found[1]
            errors += _placeholder("%s.settings.sip_authenticate_password" % path,
                                   settings.get("sip_authenticate_password"))
    return dict(errors=errors, notes=notes)


def _join(where, key):
    return "%s.%s" % (where, key) if where else str(key)


def _label(where, value):
    """A list item's path with its name, e.g. ``cupi_phone_systems[0] (CUCM-HQ)``."""
    name = value.get("name") if isinstance(value, dict) else None
    return "%s (%s)" % (where, name) if isinstance(name, (str, int)) and name != "" else where


def _unknown(where, key, spec):
    """The message for a key the argument specification does not have at ``where``."""
    names = sorted(spec)
    close = difflib.get_close_matches(str(key), names, n=3, cutoff=0.6)
    text = "%s: not an option here (misspelt?)" % _join(where, key)
    text += "; did you mean %s?" % " or ".join(close) if close else "."
    if len(names) <= LISTED_OPTIONS:
        return text + " The options here: %s" % ", ".join(names)
    return text + " (%d options here; ansible-doc -t role cupi.telephony.integration lists them)" % len(names)


def _level(values, spec, where):
    """The errors of one mapping against its options, then of the mappings nested in it."""
    errors = ["%s%s" % (where and where + ": ", error) for error in ArgumentSpecValidator(dict(
        (name, dict((k, v) for k, v in option.items() if k in SPEC_KEYS)) for name, option in spec.items()
    )).validate(dict((k, v) for k, v in values.items() if k in spec)).errors if not isinstance(error, UnsupportedError)]
    errors += [_unknown(where, key, spec) for key in sorted(values, key=str) if key not in spec]
    for name, option in spec.items():
        value = values.get(name)
        if not option.get("options") or value is None:
            continue
        if option.get("type") == "dict" and isinstance(value, dict):
            errors += _level(value, option["options"], _join(where, name))
        elif option.get("type") == "list" and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    errors += _level(item, option["options"], _label("%s[%d]" % (_join(where, name), index), item))
    return errors


# A role's argument specification files as read, by path: (modification time, size, the specs).
_SPECS = {}


def role_options(path, entry_point="main"):
    """The options of an entry point of a role's meta/argument_specs.yml, read once per process
    and file version (with libyaml when PyYAML has it): some 50 KB of YAML that the role's key
    check would otherwise parse, through Ansible's slower loader, at each use."""
    try:
        stat = os.stat(path)
    except OSError as error:
        raise AnsibleFilterError("cannot read the argument specification %s: %s" % (path, error)) from None
    version = (stat.st_mtime_ns, stat.st_size)
    if _SPECS.get(path, (None,))[0] != version:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        with open(path, encoding="utf-8") as handle:
            _SPECS[path] = (version, yaml.load(handle, Loader=loader))  # nosec: a safe loader
    specs = (_SPECS[path][1] or {}).get("argument_specs") or {}
    if entry_point not in specs:
        raise AnsibleFilterError("%s has no entry point %s; it has %s" % (path, entry_point, ", ".join(sorted(specs))))
    return specs[entry_point].get("options") or {}


def role_option_names(path, entry_point="main"):
    """The names of the options of an entry point of a role's meta/argument_specs.yml."""
    return sorted(role_options(path, entry_point))


def integration_keys(variables, options):
    """The role's variables against its argument specification (``options``: the entry
    point's, or the path of the role's meta/argument_specs.yml for its ``main`` entry point),
    before ansible's own validation: each misspelt key, wrong type or missing required option
    with its path, the list items named (``cupi_phone_systems[0] (CUCM-HQ)
    .port_groups[1] (HQ-SCCP).settings.enable_mwii``), and the options allowed there."""
    if isinstance(options, str):
        options = role_options(options)
    errors = []
    for name in sorted(options):
        if name not in (variables or {}):
            continue
        errors += _level({name: variables[name]}, {name: options[name]}, "")
    return errors


class FilterModule:
    """cupi.telephony filters that need no server."""

    def filters(self):
        return plain_arguments(dict(integration_references=integration_references, integration_keys=integration_keys,
                                    role_option_names=role_option_names))
