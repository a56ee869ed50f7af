# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters behind the integration and export roles: the vars file's schema, flattened
into one list per stage, and a server read by telephony_info, folded back into it."""

from __future__ import annotations

import datetime
import functools
import json
import os
import re

from collections.abc import Mapping

import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.cupi.telephony.plugins.module_utils.resources import (
    AXL_SERVER,
    INTEGRATIONS,
    PHONE_SYSTEM,
    PORT,
    PORT_GROUP,
    PORT_GROUP_CODEC,
    PORT_GROUP_SERVER,
    server_type_error,
)
from ansible_collections.cupi.telephony.plugins.module_utils.spec import (
    device_prefix_error,
    override_errors,
    port_numbers,
    port_ranges,
    primary_only,
    cluster_label,
)


def plain(value, drop=()):
    """``value`` as plain Python data, without the mapping keys in ``drop``. Ansible hands a
    filter lazy containers that template an item at each access: a filter that walks the
    role's variables more than once (argument validation above all) converts them once."""
    if isinstance(value, Mapping):
        return dict((k, plain(v, drop)) for k, v in value.items() if k not in drop)
    if isinstance(value, (list, tuple)):
        return [plain(v, drop) for v in value]
    return value


def plain_arguments(filters, lazy=()):
    """The filters of a FilterModule, each given its arguments as plain data (``plain``), but
    those named in ``lazy`` (which must not touch some values, such as undefined secrets)."""
    def wrapped(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            return function(*[plain(a) for a in args], **dict((k, plain(v)) for k, v in kwargs.items()))
        return run
    return dict((name, function if name in lazy else wrapped(function)) for name, function in filters.items())


def _options(resource, keep=lambda field: True):
    return tuple(f.option for f in resource.fields if keep(f))


# Keys of telephony_info's objects that are the server's, not settings: the key, the id, what
# is fixed at creation (written beside ``settings``) and what the server alone sets.
PHONE_SYSTEM_OWN = ("name", "object_id") + _options(PHONE_SYSTEM, lambda f: f.readonly)
PORT_GROUP_OWN = ("name", "object_id") + _options(PORT_GROUP, lambda f: f.create_only or f.readonly)
# What an export writes of each child, as its module takes it (no secret: it cannot be read).
PORT_SETTINGS = _options(PORT, lambda f: not f.readonly)
SERVER_KEYS = _options(PORT_GROUP_SERVER, lambda f: not f.readonly)
AXL_KEYS = _options(AXL_SERVER, lambda f: not f.readonly and not f.secret)
CODEC_KEYS = _options(PORT_GROUP_CODEC, lambda f: not f.readonly)
# The secrets of the role's variables, by option name.
SECRET_KEYS = tuple(sorted(set(_options(AXL_SERVER, lambda f: f.secret) + _options(PORT_GROUP, lambda f: f.secret))))
# The server a new port group gets from its ``host``, by integration.
HOST_SERVER_TYPES = {"sccp": "cucm", "sip": "sip_proxy", "pimg": "pimg"}
# Values that stand for a secret nobody filled in; never sent to a server.
PLACEHOLDERS = ("change-me", "changeme", "change_me")
# What the audit playbooks (drift, compare, check) give the variables a secret refers to that
# are not defined (roles/integration/tasks/audit_secrets.yml): the secret is not given.
NOT_GIVEN = "(not given: undefined, not needed by an audit)"


def secret_variable(*parts):
    """The variable an export names for a secret it cannot read back, e.g.
    ``cupi_secret_axl_cucm_hq_10_1_1_10``."""
    return "cupi_secret_" + re.sub(r"[^a-z0-9]+", "_", "_".join(parts).lower()).strip("_")


def is_placeholder(value):
    text = str(value or "").strip().lower()
    return text in PLACEHOLDERS or text.startswith("change-me-")


def _present(item):
    return item.get("state", "present") != "absent"


def _unique(items, key, where):
    """Items listed twice (names compare case-insensitively, as on the server)."""
    seen, errors = set(), []
    for item in items or []:
        value = tuple(str(item.get(k, "")).lower() for k in key)
        if value in seen:
            errors.append("%s: %s is listed twice" % (where, "/".join(str(item.get(k)) for k in key)))
        seen.add(value)
    return errors


def _check(resource, values, where):
    """Choices and ranges of the modules' options, checked before the first request
    (the role's argument specification checks the types)."""
    errors = []
    for key, value in sorted((values or {}).items()):
        field = resource.by_option.get(key)
        if field is None or field.readonly or value is None or field.reference is not None:
            continue
        label = "%s.%s" % (where, key)
        choices = list(field.choices) if field.type == "enum" else field.allowed
        if choices:
            if str(value) not in [str(c) for c in choices]:
                errors.append("%s must be one of: %s, got: %s" % (label, ", ".join(str(c) for c in choices), value))
            continue
        if field.type == "int":
            try:
                value = int(value)
            except (TypeError, ValueError):
                errors.append("%s must be a whole number, got: %s" % (label, value))
                continue
        elif field.type == "str":
            value = str(value)
        error = field.check(value, label)
        if error:
            errors.append(error)
    return errors


def integration_errors(phone_systems, profiles=None, certificates=None):
    """What is wrong with the variables: items listed twice, values outside the modules'
    choices and ranges, odd port counts. Empty when all is well."""
    if not isinstance(phone_systems, list):
        return ["cupi_phone_systems must be a list, got %s" % type(phone_systems).__name__]
    errors = _unique(profiles, ("port",), "cupi_sip_security_profiles")
    errors += _unique(certificates, ("name",), "cupi_sip_certificates")
    errors += _unique(phone_systems, ("name",), "cupi_phone_systems")
    errors += _unique([g for s in phone_systems for g in s.get("port_groups") or []], ("name",),
                      "cupi_phone_systems port groups")
    for number, system in enumerate(phone_systems):
        errors += _unique(system.get("axl_servers"), ("host",), "cupi_phone_systems: %s: axl_servers" % system["name"])
        errors += ["cupi_phone_systems: %s: %s" % (system["name"], e)
                   for e in primary_only(system.get("axl_servers") or [], "pin_sync", "precedence", "axl_servers")]
        errors += _check(PHONE_SYSTEM, dict(system.get("settings") or {}, name=system["name"]),
                         "cupi_phone_systems: %s: settings" % system["name"])
        for index, group in enumerate(system.get("port_groups") or []):
            errors += _group_errors(group, "cupi_phone_systems: port group %s" % group["name"])
            errors += integration_rule_errors(group, group.get("integration"), "cupi_phone_systems[%d].port_groups[%d] (%s)"
                                              % (number, index, group["name"]))
    return errors


def integration_rule_errors(group, integration, where):
    """What a port group of ``integration`` does not take (the reference's rules per
    integration): server types (INTEGRATION_SERVER_TYPES), ports' security_mode (SCCP only).
    ``where`` names the port group, e.g. ``cupi_phone_systems[0].port_groups[1] (HQ-SCCP)``.
    A PIMG/TIMG group's servers and a SIP group's device_prefix are checked elsewhere."""
    errors = []
    if integration not in INTEGRATIONS:
        return errors
    if integration != "pimg":
        for index, server in enumerate(group.get("servers") or []):
            error = server_type_error(integration, server.get("type"))
            if error:
                errors.append("%s.servers[%d].type: %s" % (where, index, error))
    if integration != "sccp":
        ports = group.get("ports") or {}
        places = [("ports", ports)] + [("ports.overrides[%d]" % index, override)
                                       for index, override in enumerate(ports.get("overrides") or [])]
        for place, settings in places:
            if settings.get("security_mode") not in (None, ""):
                errors.append("%s.%s.security_mode: applies to SCCP port groups only (SkinnySecurityModeEnum); "
                              "remove it for integration %s" % (where, place, integration))
    return errors


def _group_errors(group, where):
    errors = _unique(group.get("servers"), ("type", "host"), where + ": servers")
    errors += _unique(group.get("codecs"), ("name",), where + ": codecs")
    if group.get("integration") is not None and group["integration"] not in INTEGRATIONS:
        errors.append("%s: integration must be one of: %s, got: %s" % (
            where, ", ".join(INTEGRATIONS), group["integration"]))
    errors += _check(PORT_GROUP, dict(name=group["name"], device_prefix=group.get("device_prefix")), where)
    error = device_prefix_error(group.get("integration"), group.get("device_prefix"))
    if error:
        errors.append("%s: %s" % (where, error))
    if group.get("integration") == "pimg" and group.get("servers"):
        errors.append("%s: servers: Unity Connection supports no change to the servers of a PIMG/TIMG "
                      "port group (its server is the port group's host); remove servers" % where)
    errors += _check(PORT_GROUP, group.get("settings"), where + ": settings")
    for index, server in enumerate(group.get("servers") or []):
        errors += _check(PORT_GROUP_SERVER, server, "%s: servers[%d]" % (where, index))
    for index, codec in enumerate(group.get("codecs") or []):
        errors += _check(PORT_GROUP_CODEC, codec, "%s: codecs[%d]" % (where, index))
    ports = group.get("ports") or {}
    errors += _check(PORT, ports, where + ": ports")
    count = ports.get("count")
    if count is not None and (not str(count).isdigit() or int(count) % 2):
        errors.append("%s: ports.count must be an even number (ports come in pairs), got %s" % (where, count))
        count = None
    errors += ["%s: %s" % (where, e) for e in override_errors(
        ports.get("overrides"), int(count) if count is not None else None,
        lambda settings, label: _check(PORT, settings, label), "ports.overrides")[0]]
    return errors


def in_scope(phone_systems, scope=None):
    """The phone systems ``scope`` names (case-insensitive), all of them when it is empty."""
    wanted = set(str(n).lower() for n in scope or [])
    return [s for s in phone_systems or [] if not wanted or str(s.get("name", "")).lower() in wanted]


def integration_plan(phone_systems, profiles=None, certificates=None, scope=None):
    """One list per stage of the integration role, in the order the role runs them; with
    ``scope``, only for the phone systems it names."""
    errors = integration_errors(phone_systems, profiles, certificates)
    if errors:
        raise AnsibleFilterError("; ".join(errors))
    phone_systems = without_stand_ins(in_scope(phone_systems, scope))
    plan = dict(phone_systems=[], axl_servers=[], port_groups=[], port_group_servers=[], port_group_codecs=[],
                ports=[], reset=[], port_groups_absent=[], phone_systems_absent=[],
                sip_security_profiles=[p for p in profiles or [] if _present(p)],
                sip_security_profiles_absent=[p for p in profiles or [] if not _present(p)],
                sip_certificates=[c for c in certificates or [] if _present(c)],
                sip_certificates_absent=[c for c in certificates or [] if not _present(c)])
    for system in phone_systems:
        name = system["name"]
        if not _present(system):
            plan["phone_systems_absent"].append(name)
            continue
        plan["phone_systems"].append(dict(name=name, settings=system.get("settings") or {}))
        if system.get("axl_servers") is not None:
            plan["axl_servers"].append(dict(phone_system=name, servers=system["axl_servers"]))
        for group in system.get("port_groups") or []:
            if not _present(group):
                plan["port_groups_absent"].append(group["name"])
                continue
            plan["port_groups"].append(dict(
                (k, group.get(k)) for k in ("name", "integration", "host", "device_prefix")
            ))
            plan["port_groups"][-1].update(phone_system=name, settings=group.get("settings") or {})
            for key, stage, items in (("servers", "port_group_servers", "servers"),
                                      ("codecs", "port_group_codecs", "codecs")):
                if group.get(key) is not None:
                    plan[stage].append({"port_group": group["name"], items: group[key]})
            if group.get("ports") is not None:
                plan["ports"].append(dict(group["ports"], port_group=group["name"]))
            plan["reset"].append(group["name"])
    return plan


def _named(rows, key="name"):
    return dict((str(r.get(key, "")).lower(), r) for r in rows or [])


def _listed(items, key):
    return set(str(i.get(key, "")).lower() for i in items or [] if _present(i))


def integration_preflight(info, phone_systems, profiles=None, certificates=None, license_ports=None, scope=None):
    """Everything the variables need from the server, checked in one read-only pass before
    the first write: references (SIP security profiles by port, SIP certificates by name,
    codecs, VMS servers), what a new port group needs to be created, port groups that exist
    with another phone system or integration, the licence's port total when given, and
    placeholders where a secret belongs. ``info`` is telephony_info's result. Every problem,
    each with its path in the variables (``cupi_phone_systems[0].port_groups[1].host``)."""
    errors = []
    groups_on_server = _named(info.get("port_groups"))
    profile_ports = set(str(p.get("sip_port")) for p in info.get("sip_security_profiles") or [])
    profile_ports |= set(str(p.get("port")) for p in profiles or [] if _present(p))
    cert_names = set(_named(info.get("sip_certificates"))) | _listed(certificates, "name")
    codec_names = set(_named(info.get("rtp_codecs")))
    vms_names = set(_named(info.get("vms_servers")))
    ports_total = len(info.get("ports") or [])
    scoped = set(id(s) for s in in_scope(phone_systems, scope))
    for i, system in enumerate(phone_systems or []):
        where = "cupi_phone_systems[%d]" % i
        if id(system) not in scoped:
            continue
        for k, server in enumerate(system.get("axl_servers") or []):
            if is_placeholder(server.get("password")):
                errors.append("%s.axl_servers[%d].password: a placeholder (%s), not a password; set the real one"
                              % (where, k, server.get("password")))
        for j, group in enumerate(system.get("port_groups") or []):
            if _present(system) and _present(group):
                errors += _group_preflight(group, "%s.port_groups[%d]" % (where, j), system["name"],
                                           groups_on_server.get(group["name"].lower()), profile_ports, cert_names,
                                           codec_names, vms_names)
                errors += _integration_on_server(group, "%s.port_groups[%d]" % (where, j),
                                                 groups_on_server.get(group["name"].lower()))
            ports = group.get("ports") or {}
            on_server = groups_on_server.get(group["name"].lower()) or {}
            if license_ports is not None and ports.get("count") is not None:
                ports_total += int(ports["count"]) - int(on_server.get("port_count") or 0)
    if license_ports is not None and ports_total > int(license_ports):
        errors.append("cupi_phone_systems: the port groups would have %d voice messaging ports in all; the "
                      "licence allows %s (cupi_license_ports)" % (ports_total, license_ports))
    return errors


def _integration_on_server(group, where, have):
    """The rules per integration for a port group whose variables do not state its
    integration: the server's integration decides (integration_errors checked the others)."""
    integration = str((have or {}).get("integration") or "").lower()
    if group.get("integration") not in (None, "") or integration not in INTEGRATIONS:
        return []
    where = "%s (%s)" % (where, group["name"])
    errors = integration_rule_errors(group, integration, where)
    if integration == "pimg" and group.get("servers"):
        errors.append("%s.servers: %s is a PIMG/TIMG port group on the server; Unity Connection supports no "
                      "change to its servers (Port Group Server Settings, introduction); remove servers"
                      % (where, group["name"]))
    error = device_prefix_error(integration, group.get("device_prefix") or None)
    if error:
        errors.append("%s.device_prefix: %s (%s is %s on the server)" % (where, error, group["name"], integration))
    return errors


def _group_preflight(group, where, system_name, have, profile_ports, cert_names, codec_names, vms_names):
    errors = []
    settings = group.get("settings") or {}
    if have is None:
        needed = ["host", "integration"] + (["device_prefix"] if group.get("integration") == "sccp" else [])
        errors += ["%s.%s: needed to create port group %s (it does not exist on the server)" % (where, key, group["name"])
                   for key in needed if group.get(key) in (None, "")]
    else:
        if str(have.get("phone_system", "")).lower() != system_name.lower():
            errors.append("%s: port group %s exists on the server under phone system %s, not %s" % (
                where, group["name"], have.get("phone_system"), system_name))
        for key in ("integration", "device_prefix"):
            if group.get(key) not in (None, "") and have.get(key) not in (None, "") and \
                    str(group[key]).lower() != str(have[key]).lower():
                errors.append("%s.%s: port group %s is %s on the server, and it cannot change" % (
                    where, key, group["name"], have[key]))
    profile = settings.get("sip_security_profile")
    if profile not in (None, "") and str(profile) not in profile_ports:
        errors.append("%s.settings.sip_security_profile: no SIP security profile %s on the server or in "
                      "cupi_sip_security_profiles" % (where, profile))
    certificate = settings.get("sip_certificate")
    if certificate not in (None, "") and str(certificate).lower() not in cert_names:
        errors.append("%s.settings.sip_certificate: no SIP certificate %s on the server or in cupi_sip_certificates"
                      % (where, certificate))
    if is_placeholder(settings.get("sip_authenticate_password")):
        errors.append("%s.settings.sip_authenticate_password: a placeholder (%s), not a password; set the real one"
                      % (where, settings["sip_authenticate_password"]))
    for k, codec in enumerate(group.get("codecs") or []):
        if str(codec.get("name", "")).lower() not in codec_names:
            errors.append("%s.codecs[%d].name: the server has no codec %s; it has %s" % (
                where, k, codec.get("name"), ", ".join(sorted(codec_names))))
    vms = (group.get("ports") or {}).get("vms_server")
    if vms not in (None, "") and str(vms).lower() not in vms_names:
        errors.append("%s.ports.vms_server: the server has no VMS server %s; it has %s" % (
            where, vms, ", ".join(sorted(vms_names))))
    return errors


def _reference(secrets, *parts):
    """A reference to the variable that holds a secret; the variable is added to ``secrets``.
    Names that come out alike (``HQ-SIP`` and ``HQ_SIP``) get ``_2``, ``_3``: one variable
    per secret."""
    name, number = secret_variable(*parts), 1
    while (name if number == 1 else "%s_%d" % (name, number)) in secrets:
        number += 1
    secrets.append(name if number == 1 else "%s_%d" % (name, number))
    return "{{ %s }}" % secrets[-1]


def _pick(item, keys):
    return dict((k, item[k]) for k in keys if item.get(k) not in (None, ""))


def export_vars(info, phone_systems=None):
    """telephony_info's result (gather_subset all) as the integration role's variables.

    ``phone_systems`` limits the export to those names. Secrets cannot be read back: each
    is written as a reference to a variable (``{{ cupi_secret_... }}``) that the user must
    define, and ``cupi_secrets_required`` lists them, so that the role names every one that
    is missing before anything else."""
    wanted = set(n.lower() for n in phone_systems or [])
    systems = [s for s in info.get("phone_systems", []) if not wanted or s["name"].lower() in wanted]
    names = set(s["name"] for s in systems)
    groups = [g for g in info.get("port_groups", []) if g.get("phone_system") in names]
    result, secrets = [], []
    for system in sorted(systems, key=lambda s: s["name"].lower()):
        entry = dict(name=system["name"])
        # An empty value is a setting the server leaves unset: not written (as for port groups).
        entry["settings"] = dict((k, v) for k, v in sorted(system.items()) if k not in PHONE_SYSTEM_OWN and v != "")
        axl = [a for a in info.get("axl_servers", []) if a.get("phone_system") == system["name"]]
        entry["axl_servers"] = [dict(_pick(a, AXL_KEYS), password=_reference(
            secrets, "axl", system["name"], a["host"])) for a in sorted(
                axl, key=lambda a: (a.get("precedence") or 0, a["host"]))]
        entry["port_groups"] = []
        for group in sorted((g for g in groups if g["phone_system"] == system["name"]),
                            key=lambda g: g["name"].lower()):
            entry["port_groups"].append(_export_group(info, group, secrets))
        result.append(entry)
    return dict(
        cupi_secrets_required=sorted(secrets),
        cupi_sip_security_profiles=[dict(port=p["sip_port"], tls=p.get("tls", False))
                                    for p in sorted(info.get("sip_security_profiles", []), key=lambda p: p["sip_port"])],
        cupi_sip_certificates=[_pick(c, ("name", "subject_name"))
                               for c in sorted(info.get("sip_certificates", []), key=lambda c: c["name"].lower())],
        cupi_phone_systems=result,
    )


def _export_group(info, group, secrets):
    servers = sorted((s for s in info.get("port_group_servers", []) if s.get("port_group") == group["name"]),
                     key=lambda s: (s.get("type", ""), s.get("precedence") or 0, s.get("host", "")))
    codecs = sorted((c for c in info.get("port_group_codecs", []) if c.get("port_group") == group["name"]),
                    key=lambda c: (c.get("preference") or 0, c["name"]))
    ports = sorted((p for p in info.get("ports", []) if p.get("port_group") == group["name"]),
                   key=lambda p: p.get("number") or 0)
    # The host is the first server of the kind a new port group gets from it (not a TFTP
    # server, whatever its precedence).
    kind = HOST_SERVER_TYPES.get(group.get("integration"))
    primary = [s for s in servers if s.get("type") == kind] or servers
    first = min(primary, key=lambda s: (s.get("precedence") or 0)) if primary else {}
    entry = dict(name=group["name"], integration=group["integration"], host=first.get("host", ""))
    if group.get("device_prefix"):
        entry["device_prefix"] = group["device_prefix"]
    # Settings that do not apply to the group's integration (an SCCP group's SIP settings, which
    # the server returns all the same) are left out, as the Fields declare them.
    entry["settings"] = dict((k, v) for k, v in sorted(group.items()) if k not in PORT_GROUP_OWN and v != ""
                             and _applies(PORT_GROUP, k, group.get("integration")))
    if entry["settings"].get("sip_authenticate"):
        entry["settings"]["sip_authenticate_password"] = _reference(secrets, "sip", group["name"])
    if group.get("integration") != "pimg":
        entry["servers"] = [_pick(s, SERVER_KEYS) for s in servers]
    entry["codecs"] = [_pick(c, CODEC_KEYS) for c in codecs]
    entry["ports"] = _export_ports(ports, tuple(k for k in PORT_SETTINGS
                                                if _applies(PORT, k, group.get("integration"))))
    return entry


def _applies(resource, option, integration):
    field = resource.by_option.get(option)
    return field is None or field.applies_to(integration)


def _export_ports(ports, keys):
    """The ports of a group as ``count``, the settings most of them share, and ``overrides``
    for the ports that differ (consecutive ports with the same differences as one range)."""
    result = dict(count=len(ports))
    if not ports:
        return result
    values = [_pick(p, keys) for p in ports]
    for key in keys:
        seen = [v[key] for v in values if key in v]
        if seen:  # the most common value; on a tie, the lowest-numbered port's
            result[key] = max(seen, key=lambda value: (seen.count(value), -seen.index(value)))
    groups = {}
    for port, value in zip(ports, values):
        extra = tuple(sorted((k, v) for k, v in value.items() if result.get(k) != v))
        if extra:
            groups.setdefault(extra, []).append(port.get("number"))
    overrides = [dict([("ports", port_ranges(numbers))] + list(extra)) for extra, numbers in groups.items()]
    if overrides:
        result["overrides"] = sorted(overrides, key=lambda o: port_numbers(o["ports"])[0])
    return result


# The collection's root: plugins/filter/<this file> is two folders below it.
COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def collection_version(root=COLLECTION_ROOT):
    """The collection's version: from MANIFEST.json when installed, else galaxy.yml."""
    try:
        with open(os.path.join(root, "MANIFEST.json")) as handle:
            return str(json.load(handle)["collection_info"]["version"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        with open(os.path.join(root, "galaxy.yml")) as handle:
            return str(yaml.safe_load(handle)["version"])
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return "unknown"


def export_header(server, host=None, now=None):
    """The comment an export starts with: which cluster (the server, and the inventory host
    when it differs), when (UTC, ISO 8601) and by which version of the collection."""
    when = (now or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ("# Unity Connection telephony integration of %s, exported %s by cupi.telephony %s."
            % (cluster_label(server, host), when, collection_version()))


def without_stand_ins(value):
    """``value`` without the secrets an audit left undefined (``NOT_GIVEN``): not given."""
    if isinstance(value, dict):
        return dict((k, without_stand_ins(v)) for k, v in value.items()
                    if not (k in SECRET_KEYS and NOT_GIVEN in str(v)))
    if isinstance(value, list):
        return [without_stand_ins(v) for v in value]
    return value


def integration_without_secrets(variables):
    """The integration role's variables without their secrets (AXL and SIP passwords) and
    without ``cupi_secrets_required``: what a comparison needs, since it never sends a password."""
    return dict((k, plain(v, SECRET_KEYS)) for k, v in (variables or {}).items() if k != "cupi_secrets_required")


class FilterModule:
    """cupi.telephony filters."""

    def filters(self):
        return plain_arguments(dict(
            integration_plan=integration_plan, integration_errors=integration_errors,
            integration_preflight=integration_preflight, export_vars=export_vars, export_header=export_header,
            integration_without_secrets=integration_without_secrets), lazy=("integration_without_secrets",))
