# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that turn a drift run (the modules' differences in check mode) into reports:
the objects the variables manage, what the server has that they do not name, and one
report as lines, a JSON-ready dict, JUnit XML or Markdown."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from ansible.errors import AnsibleFilterError

from ansible_collections.cupi.telephony.plugins.filter.integration import plain_arguments
from ansible_collections.cupi.telephony.plugins.module_utils import resources
from ansible_collections.cupi.telephony.plugins.module_utils.spec import IMPLICIT_HOST, cluster_label, object_label

# The kinds objects are named by, as the modules name them in their differences.
PROFILE = resources.SIP_SECURITY_PROFILE.kind
CERTIFICATE = resources.SIP_CERTIFICATE.kind
PHONE_SYSTEM = resources.PHONE_SYSTEM.kind
AXL_SERVER = resources.AXL_SERVER.kind
PORT_GROUP = resources.PORT_GROUP.kind
PORT_GROUP_SERVER = resources.PORT_GROUP_SERVER.kind
PORT_GROUP_CODEC = resources.PORT_GROUP_CODEC.kind
PORT = resources.PORT.kind
PORTS = "ports"  # a port group's ports as one object (the ports module's count)
# The order reports list kinds in: the order the integration role works in.
KIND_ORDER = (PROFILE, CERTIFICATE, PHONE_SYSTEM, AXL_SERVER, PORT_GROUP, PORT_GROUP_SERVER, PORT_GROUP_CODEC,
              PORTS, PORT)
DEFAULT_LABELS = dict(server="server", file="file")
SUITES_NAME = "cupi.telephony drift"


def _present(item):
    return item.get("state", "present") != "absent"


def _lower(value):
    return str(value if value is not None else "").lower()


def _object(kind, name, parent=None):
    return dict(object=object_label(kind, name, parent), kind=kind, name=str(name), parent=parent)


def _ports_object(group_name):
    parent = object_label(PORT_GROUP, group_name)
    return dict(object="%s of %s" % (PORTS, parent), kind=PORTS, name=str(group_name), parent=parent)


def _list(value, what):
    if value is None:
        return []
    if not isinstance(value, list):
        raise AnsibleFilterError("%s must be a list, got %s" % (what, type(value).__name__))
    return value


def _in_scope(scope):
    """A test for phone system names: every name when ``scope`` is empty."""
    wanted = set(_lower(n) for n in _list(scope, "scope"))
    return lambda name: not wanted or _lower(name) in wanted


def _server_name(server):
    return "%s %s" % (server.get("type"), server.get("host"))


def drift_objects(phone_systems, profiles=None, certificates=None, scope=None):
    """The objects the variables manage, in the order of the file: SIP security profiles,
    SIP certificates, then each phone system in ``scope`` with its AXL servers, port groups,
    their servers, codecs and ports (each only when the variables list them)."""
    in_scope = _in_scope(scope)
    objects = [_object(PROFILE, p.get("port")) for p in _list(profiles, "profiles")]
    objects += [_object(CERTIFICATE, c.get("name")) for c in _list(certificates, "certificates")]
    for system in _list(phone_systems, "phone_systems"):
        if not in_scope(system.get("name")):
            continue
        objects.append(_object(PHONE_SYSTEM, system["name"]))
        if not _present(system):
            continue
        system_label = object_label(PHONE_SYSTEM, system["name"])
        objects += [_object(AXL_SERVER, a.get("host"), system_label) for a in system.get("axl_servers") or []]
        for group in system.get("port_groups") or []:
            objects.append(_object(PORT_GROUP, group["name"]))
            if not _present(group):
                continue
            group_label = object_label(PORT_GROUP, group["name"])
            objects += [_object(PORT_GROUP_SERVER, _server_name(s), group_label) for s in group.get("servers") or []]
            objects += [_object(PORT_GROUP_CODEC, c.get("name"), group_label) for c in group.get("codecs") or []]
            if group.get("ports") is not None:
                objects.append(_ports_object(group["name"]))
    return objects


def _natural(value):
    """A sort key that puts 5060 before 50600 and compares case-insensitively."""
    parts = re.split(r"(\d+)", _lower(value))
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts if part]


def _order(obj):
    kind = obj.get("kind")
    rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
    return (rank, _natural(obj.get("parent")), _natural(obj.get("name")))


def drift_unmanaged(info, phone_systems, profiles=None, certificates=None, scope=None):
    """What the server has that the variables do not name: not a change, since applying them
    leaves it alone. ``info`` is telephony_info's result."""
    info = info or {}
    if not isinstance(info, dict):
        raise AnsibleFilterError("drift_unmanaged expects telephony_info's result (a dict), got %s"
                                 % type(info).__name__)
    in_scope = _in_scope(scope)
    systems = _list(phone_systems, "phone_systems")
    named_systems = set(_lower(s.get("name")) for s in systems)
    named_groups = set(_lower(g.get("name")) for s in systems for g in s.get("port_groups") or [])
    named_profiles = set(_lower(p.get("port")) for p in _list(profiles, "profiles"))
    named_certificates = set(_lower(c.get("name")) for c in _list(certificates, "certificates"))
    result = [_object(PROFILE, p.get("sip_port")) for p in info.get("sip_security_profiles") or []
              if _lower(p.get("sip_port")) not in named_profiles]
    result += [_object(CERTIFICATE, c.get("name")) for c in info.get("sip_certificates") or []
               if _lower(c.get("name")) not in named_certificates]
    result += [_object(PHONE_SYSTEM, s.get("name")) for s in info.get("phone_systems") or []
               if _lower(s.get("name")) not in named_systems and in_scope(s.get("name"))]
    result += [_object(PORT_GROUP, g.get("name")) for g in info.get("port_groups") or []
               if _lower(g.get("name")) not in named_groups and in_scope(g.get("phone_system"))]
    integrations = dict((_lower(g.get("name")), _lower(g.get("integration"))) for g in info.get("port_groups") or [])
    for system in systems:
        if not _present(system) or not in_scope(system.get("name")):
            continue
        if system.get("axl_servers") is None:
            label = object_label(PHONE_SYSTEM, system["name"])
            result += [_object(AXL_SERVER, a.get("host"), label) for a in info.get("axl_servers") or []
                       if _lower(a.get("phone_system")) == _lower(system["name"])]
        for group in system.get("port_groups") or []:
            if _present(group):
                result += _unmanaged_children(info, group, integrations.get(_lower(group["name"])))
    return sorted(result, key=_order)


def _unmanaged_children(info, group, integration):
    label = object_label(PORT_GROUP, group["name"])
    mine = _lower(group["name"])
    result = []
    pimg = "pimg" in (integration, _lower(group.get("integration")))
    if group.get("servers") is None and not pimg:
        result += [_object(PORT_GROUP_SERVER, _server_name(s), label) for s in info.get("port_group_servers") or []
                   if _lower(s.get("port_group")) == mine]
    if group.get("codecs") is None:
        result += [_object(PORT_GROUP_CODEC, c.get("name"), label) for c in info.get("port_group_codecs") or []
                   if _lower(c.get("port_group")) == mine]
    return result


def _label(item):
    if item.get("object"):
        return str(item["object"])
    return object_label(item.get("kind"), item.get("name"), item.get("parent"))


def _case_label(difference):
    """The managed object a difference belongs to: a port's is the ports of its port group."""
    if difference.get("kind") == PORT and difference.get("parent"):
        return "%s of %s" % (PORTS, difference["parent"])
    return _label(difference)


def _case_kind(difference):
    return PORTS if difference.get("kind") == PORT and difference.get("parent") else difference.get("kind")


def format_value(value):
    """A value as a report shows it: (not set), "" for empty, true/false, numbers and text
    plain (quoted when blanks begin or end it, or it holds a line break, so that a line stays
    one line), lists and dicts as compact JSON."""
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        if value == "" or value != value.strip() or not value.isprintable():
            return json.dumps(str(value), ensure_ascii=False)
        return str(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return str(value)


def _labels(labels):
    result = dict(DEFAULT_LABELS)
    result.update(dict((k, str(v)) for k, v in (labels or {}).items() if v not in (None, "")))
    return result


def difference_line(difference, labels=None):
    labels = _labels(labels)
    server, file = labels["server"], labels["file"]
    label = _label(difference)
    action = difference.get("action")
    if action == "create":
        return "%s: in %s, not on %s" % (label, file, server)
    if action == "delete":
        return "%s: on %s, not in %s" % (label, server, file)
    field = "%s: " % difference["field"] if difference.get("field") not in (None, "") else ""
    return "%s: %s%s %s, %s %s" % (label, field, server, format_value(difference.get("before")),
                                   file, format_value(difference.get("after")))


def _plural(count, word, words=None):
    return "%d %s" % (count, word if count == 1 else (words or word + "s"))


def _the(label, default):
    return "the " + label if label == default else label


def _pending_names(pending):
    names = []
    for item in _list(pending, "pending"):
        if isinstance(item, dict):
            item = item.get("port_group") or item.get("name")
        if item not in (None, ""):
            names.append(str(item))
    return names


# What a report's title calls a run: an audit (a drift, a compare, a dry run) or an apply.
TITLES = dict(drift="Drift", apply="Changes")


def _summary(differences, managed, unmanaged, pending, labels):
    """The one line of a drift report: how many differences in how many objects, or none."""
    known = set(_lower(_label(o)) for o in managed)
    drifted = []
    for difference in differences:
        case = _lower(_case_label(difference))
        if case not in drifted:
            drifted.append(case)
    total = len(managed) + len([c for c in drifted if c not in known])
    if differences:
        summary = "%s in %d of %s" % (_plural(len(differences), "difference"), len(drifted),
                                      _plural(total, "object"))
    else:
        summary = "no drift: %s matches %s" % (_the(labels["server"], "server"), _the(labels["file"], "file"))
    if unmanaged:
        summary += "; %d unmanaged" % len(unmanaged)
    if pending:
        summary += "; %s waiting for a reset" % _plural(len(pending), "port group")
    return summary


def drift_report(differences, managed, unmanaged=None, pending=None, cluster="localhost", labels=None,
                 server=None, run="drift"):
    """One drift run as a JSON-ready dict, with a line per difference and a one-line summary.

    ``cluster`` is the inventory host, ``server`` the Unity Connection server the modules
    talked to; the title names the server (and the inventory host when it differs), e.g.
    ``Drift on cuc-hq.example.com``. ``run`` is ``drift`` (an audit) or ``apply``."""
    differences = _list(differences, "differences")
    managed = _list(managed, "managed")
    unmanaged = _list(unmanaged, "unmanaged")
    pending = _pending_names(pending)
    labels = _labels(labels)
    where = cluster_label(server, cluster)
    return dict(
        cluster=str(cluster), server=str(server or cluster), where=where,
        title="%s on %s" % (TITLES.get(run, TITLES["drift"]), where),
        labels=labels, drift=bool(differences), differences=differences, managed=managed,
        unmanaged=unmanaged, pending_resets=pending,
        lines=[difference_line(d, labels) for d in differences],
        unmanaged_lines=["%s: on %s, not named in %s (unmanaged)" % (_label(o), labels["server"], labels["file"])
                         for o in unmanaged],
        pending_lines=["%s: waiting for a reset" % object_label(PORT_GROUP, name) for name in pending],
        summary=_summary(differences, managed, unmanaged, pending, labels),
    )


def _reports(reports):
    if isinstance(reports, dict):
        return [reports]
    return _list(reports, "reports")


def _classname(cluster, kind):
    return "%s.%s" % (cluster, str(kind or "object").replace(" ", "_"))


def _where(report):
    """The server and inventory host a report names, as one label."""
    return cluster_label(report.get("server"), report.get("cluster", "localhost"))


def _title(report):
    return report.get("title") or "Drift on %s" % _where(report)


def _cases(report, labels):
    """The test cases of a report, in order: label, kind, difference lines, lines for
    system-out, the reason it is skipped; and the lines for the suite's own system-out."""
    cases, order = {}, []

    def case(label, kind):
        key = _lower(label)
        if key not in cases:
            cases[key] = dict(label=label, kind=kind, lines=[], out=[], skipped=None)
            order.append(key)
        return cases[key]

    for obj in report.get("managed") or []:
        case(_label(obj), obj.get("kind"))
    for difference in report.get("differences") or []:
        case(_case_label(difference), _case_kind(difference))["lines"].append(difference_line(difference, labels))
    skipped = "unmanaged: on %s, not named in %s" % (labels["server"], labels["file"])
    for obj in report.get("unmanaged") or []:
        case(_label(obj), obj.get("kind"))["skipped"] = skipped
    suite_out = []
    for name in _pending_names(report.get("pending_resets")):
        label = object_label(PORT_GROUP, name)
        line = "%s: waiting for a reset" % label
        if _lower(label) in cases:
            cases[_lower(label)]["out"].append(line)
        else:
            suite_out.append(line)
    return [cases[key] for key in order], suite_out


def _suite(report):
    """One <testsuite>, named after the server (and the inventory host when it differs), its
    ``hostname`` the server: a case per managed object (and per object a difference names
    that is not managed), failing when it drifted; a skipped case per unmanaged object."""
    host = str(report.get("cluster", "localhost"))
    server = str(report.get("server") or host)
    # Test case classes by cluster: the inventory host, or the server when the play names none.
    cluster = server if host == IMPLICIT_HOST else host
    cases, suite_out = _cases(report, _labels(report.get("labels")))
    failures = len([c for c in cases if c["lines"]])
    skips = len([c for c in cases if c["skipped"] and not c["lines"]])
    suite = ET.Element("testsuite", name=_where(report), hostname=server, tests=str(len(cases)),
                       failures=str(failures), errors="0", skipped=str(skips))
    for item in cases:
        element = ET.SubElement(suite, "testcase", classname=_classname(cluster, item["kind"]), name=item["label"])
        if item["lines"]:
            failure = ET.SubElement(element, "failure", message=_plural(len(item["lines"]), "difference"),
                                    type="drift")
            failure.text = "\n".join(item["lines"])
        elif item["skipped"]:
            ET.SubElement(element, "skipped", message=item["skipped"])
        if item["out"]:
            ET.SubElement(element, "system-out").text = "\n".join(item["out"])
    if suite_out:
        ET.SubElement(suite, "system-out").text = "\n".join(suite_out)
    return suite, len(cases), failures, skips


def drift_junit(reports):
    """Drift reports (or one) as a JUnit XML document: a test suite per cluster."""
    root = ET.Element("testsuites", name=SUITES_NAME)
    totals = [0, 0, 0]
    for report in _reports(reports):
        suite, tests, failures, skips = _suite(report)
        root.append(suite)
        totals = [totals[0] + tests, totals[1] + failures, totals[2] + skips]
    root.set("tests", str(totals[0]))
    root.set("failures", str(totals[1]))
    root.set("errors", "0")
    root.set("skipped", str(totals[2]))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _cell(text):
    """Text safe in a Markdown table cell."""
    text = str(text).replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _row(cells):
    return "| %s |" % " | ".join(_cell(c) for c in cells)


def _markdown_row(difference, labels):
    action = difference.get("action")
    before, after = difference.get("before"), difference.get("after")
    if action in ("create", "delete"):
        where = "in %s only" % labels["file"] if action == "create" else "on %s only" % labels["server"]
        return _row([_label(difference), where, "" if before is None else format_value(before),
                     "" if after is None else format_value(after)])
    return _row([_label(difference), difference.get("field") or "", format_value(before), format_value(after)])


def _markdown(report):
    labels = _labels(report.get("labels"))
    server, file = labels["server"], labels["file"]
    summary = report.get("summary") or drift_report(
        report.get("differences"), report.get("managed"), report.get("unmanaged"),
        report.get("pending_resets"), report.get("cluster", "localhost"), labels)["summary"]
    parts = ["## %s" % _title(report), "", summary]
    differences = report.get("differences") or []
    if differences:
        parts += ["", _row(["object", "field", server, file]), "| --- | --- | --- | --- |"]
        parts += [_markdown_row(d, labels) for d in differences]
    unmanaged = report.get("unmanaged") or []
    if unmanaged:
        parts += ["", "### Unmanaged (on %s, not named in %s)" % (server, file), ""]
        parts += ["- %s" % _label(o) for o in unmanaged]
    pending = _pending_names(report.get("pending_resets"))
    if pending:
        parts += ["", "### Waiting for a reset", ""]
        parts += ["- %s" % object_label(PORT_GROUP, name) for name in pending]
    return "\n".join(parts) + "\n"


def drift_markdown(reports):
    """Drift reports (or one) as Markdown: a section per cluster with a table of differences."""
    return "\n".join(_markdown(report) for report in _reports(reports))


def _task_label(result):
    """What a task's result was about: its loop item's name (never other values of the
    item, which may hold passwords)."""
    item = result.get("item")
    if not isinstance(item, dict):
        return ""
    for key in ("name", "port_group", "phone_system", "port"):
        if isinstance(item.get(key), (str, int)) and str(item[key]):
            return str(item[key])
    return ""


def request_lines(results):
    """The requests of the tasks' results, one line each: method, path and what for (the
    request's why, with the task's object when the why does not name it), e.g.
    ``PUT /vmrest/portgroups/3f2c...: changed: sip_srtp (HQ-SIP)``."""
    lines = []
    for result in _list(results, "results"):
        if not isinstance(result, dict):
            continue
        label = _task_label(result)
        for request in result.get("requests") or []:
            why = str(request.get("why") or "")
            if label and label.lower() not in why.lower():
                why = "%s (%s)" % (why, label) if why else label
            lines.append("%s %s%s" % (request.get("method"), request.get("path"), ": " + why if why else ""))
    return lines


def integration_results(stages):
    """What a run did (in check mode, would do), from the registered results of its stages in
    their order: a loop's (its ``results``) or one task's (itself; none when it was skipped or
    did not run, ``{}``). The message of each result that changed, and every result's
    differences, requests (and ``request_lines``) and passwords not sent. One pass over the
    results, where a template would walk them once per key."""
    results = []
    for stage in _list(stages, "the stages"):
        if isinstance(stage, dict) and "results" in stage:
            results += [r for r in _list(stage["results"], "results") if isinstance(r, dict) and "changed" in r]
        elif isinstance(stage, dict) and "changed" in stage and not stage.get("skipped"):
            results.append(stage)
    return {
        "changes": [r.get("msg") for r in results if r["changed"]],
        "differences": [x for r in results for x in r.get("differences") or []],
        "requests": [x for r in results for x in r.get("requests") or []],
        "request_lines": request_lines(results),
        "passwords_not_sent": [x for r in results for x in r.get("passwords_not_sent") or []],
    }


class FilterModule:
    """cupi.telephony drift report filters."""

    def filters(self):
        return plain_arguments(dict(
            drift_objects=drift_objects, drift_unmanaged=drift_unmanaged, drift_report=drift_report,
            drift_junit=drift_junit, drift_markdown=drift_markdown, request_lines=request_lines,
            integration_results=integration_results))
