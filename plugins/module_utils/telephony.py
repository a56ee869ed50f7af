# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the modules know of Unity Connection's telephony beyond one type's declaration: a
port group's template, the ports of a group, what deleting a phone system or a port group
takes with it. The generic engine (base, objects, children) knows none of it; the modules
that need it call these functions with their runner.
"""

from __future__ import annotations

from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure, plural, shown
from ansible_collections.cupi.telephony.plugins.module_utils.client import build_query
from ansible_collections.cupi.telephony.plugins.module_utils.resources import (
    INTEGRATIONS,
    PORT,
    PORT_GROUP,
    PORT_GROUP_TEMPLATE,
)


def port_count(raw):
    """A port group's or phone system's ``PortCount`` as a number; None when it is not shown."""
    try:
        return int(str(raw.get("PortCount")).strip())
    except ValueError:
        return None


def template_id(runner, integration):
    """The id of the port group template of an integration (sccp, sip, pimg)."""
    code = str(INTEGRATIONS[integration])
    for row in runner.list_objects(PORT_GROUP_TEMPLATE):
        if row.get("CopyTelephonyIntegrationMethodEnum") == code:
            return row["ObjectId"]
    raise ModuleFailure("the server has no port group template for integration %s" % integration)


def group_ports(runner, group_id, whole=False):
    """The raw ports of one port group, in number order: one query (its answer filtered
    again, for a server that ignores the query); with ``whole``, from the list of every
    port, read once per run for all the groups (a task per group then reads nothing)."""
    if whole:
        rows = runner.list_objects(PORT)
    else:
        rows = runner.client.list(PORT.path, PORT.root, query=build_query("MediaPortGroupObjectId", group_id))
    rows = [r for r in rows if r.get("MediaPortGroupObjectId") == group_id]
    number = PORT.by_option["number"]
    return sorted(rows, key=lambda r: number.from_api(r.get("PortNumInGroup")) or 0)


# -- what a delete takes with it -----------------------------------------------------------
def port_group_dependents(runner, group):
    """The ports that deleting the port group ``group`` (raw) deletes with it. No request
    when the group counts no ports (``PortCount``), else one query."""
    names = [] if port_count(group) == 0 else [r.get("DisplayName", "") for r in group_ports(runner, group["ObjectId"])]
    return {"ports": names, "port_count": len(names)}


def phone_system_dependents(runner, system):
    """The port groups and ports that deleting the phone system ``system`` (raw) deletes
    with it. The port groups come from their list (read once per run); each counts its
    ports (``PortCount``), so ports are read only for groups that do not show it: one
    query for one group, one read of every port for more."""
    groups = [g for g in runner.list_objects(PORT_GROUP) if g.get("MediaSwitchObjectId") == system["ObjectId"]]
    counts = dict((g["ObjectId"], port_count(g)) for g in groups)
    unknown = [group_id for group_id, count in counts.items() if count is None]
    if len(unknown) == 1:
        counts[unknown[0]] = len(group_ports(runner, unknown[0]))
    elif unknown:
        counts.update((group_id, 0) for group_id in unknown)
        for row in runner.list_objects(PORT):
            if row.get("MediaPortGroupObjectId") in unknown:
                counts[row["MediaPortGroupObjectId"]] += 1
    integration = PORT_GROUP.by_option["integration"]
    port_groups = [dict(name=g.get("DisplayName", ""), integration=integration.from_api(
        g.get("TelephonyIntegrationMethodEnum")), port_count=counts[g["ObjectId"]]) for g in groups]
    return {"port_groups": port_groups, "ports": sum(counts.values())}


def dependents_phrase(dependents):
    """What a delete takes with it, for ``msg``: `` with 2 port groups (A, B) and 6 ports``."""
    if "port_groups" in dependents:  # a phone system
        groups = dependents["port_groups"]
        if not groups:
            return " with no port groups"
        names = shown((g["name"] for g in groups), 10)
        return " with %s (%s) and %s" % (plural(len(groups), "port group"), names, plural(dependents["ports"], "port"))
    if "ports" in dependents:  # a port group
        ports = dependents["ports"]
        return " with %s (%s)" % (plural(len(ports), "port"), shown(ports, 10)) if ports else " with no ports"
    return ""
