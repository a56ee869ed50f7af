#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ports
short_description: Manage the voice messaging ports of a Unity Connection port group
version_added: 0.1.0
description:
  - Manages the voice messaging ports of one port group as a whole, through the CUPI REST
    API (C(/vmrest/ports)), that is how many there are, which Unity Connection server they run on
    and what each may do.
  - Missing ports are added in one request, an even number of them (see O(count)); surplus
    ports are removed from the highest number down; only the ports whose settings differ are
    updated, and only the settings that differ are sent.
  - The server names the ports after the port group (C(<port group>-001), ...) and, for
    SCCP, names their devices after the port group's device prefix.
extends_documentation_fragment:
  - cupi.telephony.connection
  - cupi.telephony.connection.hostname
  - cupi.telephony.connection.attributes
options:
  port_group:
    description: The name of the port group.
    type: str
    required: true
  state:
    description:
      - V(present) makes the port group have O(count) ports (when given) with the settings given.
      - V(absent) removes every port of the port group.
    type: str
    choices: [present, absent]
    default: present
  count:
    description:
      - How many ports the port group has. Ports come in pairs, so it must be even; the
        licence caps the total of all port groups (the server's error says so).
      - The server adds ports in even numbers only. When an odd number of ports is missing
        (a port was deleted by hand), one port is removed first, then one more port than is
        missing is added, so that the group ends with O(count) ports and never has more on
        the way (an add sent first could pass the licence). The port removed is the
        highest-numbered one that no O(overrides) entry names, or the highest-numbered one
        when every port is named; the request's C(why) says which.
      - New ports are expected to be numbered after the group's highest-numbered port
        (Cisco does not document it), so the number of a port deleted below it stays unused
        (ports 1, 2, 4, 5 and 6 become 1, 2, 4, 5, 6 and 7 with O(count=6)); an override that
        names such a number fails before any change.
      - After an add the group's ports are read; ports beyond O(count) that appeared during the
        task (another controller or the administration pages added some meanwhile) are removed,
        the highest-numbered first, and C(msg) says how many.
      - When not given, the number of ports is left as it is and only their settings are managed.
    type: int
  vms_server:
    description:
      - The Unity Connection server (by name) the ports run on; the first server of the
        cluster when not given. PIMG/TIMG ports take no server when they are added.
    type: str
  answer_calls:
    description: The ports answer calls.
    type: bool
  message_notification:
    description: The ports make message notification calls.
    type: bool
  mwi:
    description: The ports send message waiting indicator requests.
    type: bool
  trap_connection:
    description: The ports take Telephone Record and Playback (TRaP) calls.
    type: bool
  enabled:
    description: The ports are enabled.
    type: bool
  hunt_order:
    description: The hunt order of the ports, 0 to 9999.
    type: int
  security_mode:
    description: SCCP only; the security mode of the ports' devices.
    type: str
    choices: [non_secure, authenticated, encrypted]
  overrides:
    description:
      - Settings for single ports or ranges of ports that differ from the settings above, which
        every other port takes. A port is named by its number in the port group (1 for
        C(<port group>-001)).
      - A port may be named by one override only; with O(count), every port named must be within it.
      - Ports an override names that the task adds are added with the settings above, then updated.
    type: list
    elements: dict
    default: []
    version_added: 0.2.0
    suboptions:
      ports:
        description: The ports, by number - V(3), V("3-4") or V("1,5-6").
        type: raw
        required: true
      vms_server:
        description: The Unity Connection server (by name) these ports run on.
        type: str
      answer_calls:
        description: These ports answer calls.
        type: bool
      message_notification:
        description: These ports make message notification calls.
        type: bool
      mwi:
        description: These ports send message waiting indicator requests.
        type: bool
      trap_connection:
        description: These ports take Telephone Record and Playback (TRaP) calls.
        type: bool
      enabled:
        description: These ports are enabled.
        type: bool
      hunt_order:
        description: The hunt order of these ports, 0 to 9999.
        type: int
      security_mode:
        description: SCCP only; the security mode of these ports' devices.
        type: str
        choices: [non_secure, authenticated, encrypted]
seealso:
  - module: cupi.telephony.port_group
author:
  - cupi.telephony maintainers (@cupi-telephony)
"""

EXAMPLES = r"""
- name: Eight ports that answer calls; two of them would notify if told so separately
  cupi.telephony.ports:
    hostname: cuc.example.com
    username: admin
    password: "{{ vault_cuc_password }}"
    port_group: CUCM-HQ-SIP
    count: 8
    answer_calls: true
    message_notification: true

- name: Encrypted SCCP ports on the subscriber
  cupi.telephony.ports:
    port_group: CUCM-HQ-SCCP
    count: 4
    vms_server: cuc-sub
    security_mode: encrypted

- name: Sixteen ports; the last two only make notification calls, port 1 hunts last
  cupi.telephony.ports:
    port_group: CUCM-HQ-SIP
    count: 16
    answer_calls: true
    hunt_order: 0
    overrides:
      - ports: "15-16"
        answer_calls: false
        message_notification: true
      - ports: 1
        hunt_order: 99

- name: Remove every port of a port group
  cupi.telephony.ports:
    port_group: OLD-PIMG
    state: absent
"""

RETURN = r"""
msg:
  description: What happened, in one line.
  returned: always
  type: str
  sample: "ports of port group CUCM-HQ-SIP: 4 added, 0 removed, 2 updated"
requests:
  description:
    - The requests the task sent, in order, or in check mode those it would send; on a failure, those
      sent up to the one that failed, that one last. Each has C(method), C(path), C(body) (the CUPI fields sent, when there is a body)
      and C(why). Secrets (passwords, the private key) show as V((secret)).
    - In check mode the id of an object that does not exist yet shows as V((new)).
  returned: always
  type: list
  elements: dict
  sample:
    - method: POST
      path: /vmrest/ports
      body:
        MediaPortGroupObjectId: "0f4c6e1e-1c1a-4f4e-9c47-3a0b8e1d2c55"
        NumberOfPorts: "2"
        VmsServerObjectId: "b1f0c3d2-8e7a-4c5b-9d6e-0a1b2c3d4e5f"
      why: "add 2 ports"
differences:
  description:
    - What differs between the server and the task (what changed, or in check mode what would
      change) - a change in the number of ports (O(count)), then each setting of each existing
      port that differs, with the server's value (V(before)) and the task's
      (V(after)).
  returned: always
  type: list
  elements: dict
  sample:
    - object: ports of port group CUCM-HQ-SIP
      kind: ports
      name: ""
      parent: port group CUCM-HQ-SIP
      action: update
      field: count
      before: 8
      after: 16
    - object: port 3 of port group CUCM-HQ-SIP
      kind: port
      name: "3"
      parent: port group CUCM-HQ-SIP
      action: update
      field: hunt_order
      before: 5
      after: 0
ports:
  description: The ports after the task (as they would be, in check mode), by number.
  returned: always
  type: list
  elements: dict
  sample:
    - name: CUCM-HQ-SIP-001
      number: 1
      device_name: ""
      vms_server: cuc-pub
      answer_calls: true
      message_notification: true
      mwi: true
      trap_connection: true
      enabled: true
      hunt_order: 0
      security_mode: non_secure
      object_id: 0d0e8c5f-7a3c-4f19-b6e7-9b1e2c0d4a11
"""

from collections import namedtuple

from ansible_collections.cupi.telephony.plugins.module_utils.base import (
    CupiRunner,
    ModuleFailure,
    difference,
    field_differences,
    run_module,
)
from ansible_collections.cupi.telephony.plugins.module_utils.client import CupiError
from ansible_collections.cupi.telephony.plugins.module_utils.plan import NEW, Plan
from ansible_collections.cupi.telephony.plugins.module_utils.resources import PORT, PORT_ADD_COUNT, PORT_GROUP, VMS_SERVER
from ansible_collections.cupi.telephony.plugins.module_utils.run_cache import list_key, marked
from ansible_collections.cupi.telephony.plugins.module_utils.spec import (
    object_label,
    override_errors,
    port_numbers,
    port_ranges,
)
from ansible_collections.cupi.telephony.plugins.module_utils.telephony import group_ports, port_count

SETTINGS = [f.option for f in PORT.writable()]
# The settings wanted: those of every port, and those of each port an override names, by number.
Wanted = namedtuple("Wanted", "every named")
# What the task does: the ports to remove (highest number first), how many to add, and the
# ports to update (``PortUpdate``; a port to be added has no object_id yet).
PortChanges = namedtuple("PortChanges", "removes adds updates")
PortUpdate = namedtuple("PortUpdate", "port fields want")
# Integrations whose new ports need a VMS server (PIMG/TIMG ports take none).
VMS_SERVER_NEEDED = ("sccp", "sip")


class Runner(CupiRunner):
    one_writer = True  # a second POST adds more ports: one writer per server
    argument_spec = dict(
        PORT.argspec(),
        port_group=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        count=dict(type="int"),
        overrides=dict(type="list", elements="dict", default=[],
                       options=dict(PORT.argspec(), ports=dict(type="raw", required=True))),
    )

    def check(self):
        errors = PORT.check(self.params)
        count = self.params["count"]
        if count is not None and (count < 0 or count % 2):
            errors.append("count must be an even number of ports (0, 2, 4, ...), got %s" % count)
        return errors + override_errors(self.params["overrides"], count,
                                        lambda settings, label: PORT.check(settings, label + "."))[0]

    def run(self):
        name = self.params["port_group"]
        group = self.find(PORT_GROUP, name, complete=False)  # its id, integration and port count
        if group is None and not self.check_mode:
            raise self.not_found(PORT_GROUP, name, "port_group")
        # Check mode: a port group an earlier task of the dry run creates, as it predicted it.
        group = group or self.prediction(PORT_GROUP.root, name)
        sccp_only = [o for o in [self.params] + self.params["overrides"] if o.get("security_mode")]
        if group and sccp_only and PORT_GROUP.value(group, "integration") != "sccp":
            raise ModuleFailure("security_mode applies to SCCP port groups only; %s is not one" % name)
        # The settings of every port and of the ports overrides name: references resolved once.
        wanted = self.wanted() if self.params["state"] == "present" else Wanted({}, {})
        current = self.current(group)
        if self.params["state"] == "absent":
            todo = PortChanges(current, 0, [])
        else:
            todo = self.plan(current, wanted)
        changed = bool(todo.removes or todo.adds or todo.updates)
        predicted = self.predicted_ports(current, todo, wanted.every)
        if changed:
            self.converge(group, len(current), todo, wanted)
        # The new ports are read (one query): one POST adds them all and answers no id of each.
        after = self.ports(group) if changed and not self.check_mode else predicted
        surplus = self.remove_surplus(current, after) if todo.adds and not self.check_mode else []
        after = [p for p in after if p not in surplus]
        msg = "ports of port group %s: %d added, %d removed, %d updated" % (
            name, todo.adds, len(todo.removes), len([u for u in todo.updates if u.port.get("object_id")]))
        if surplus:
            msg += "; %d surplus removed (%s), added by another writer meanwhile" % (
                len(surplus), ", ".join(str(p["number"]) for p in surplus))
        return self.result(changed, msg if changed else "ports of port group %s: as requested" % name, "ports",
                           current, after, self.differences(name, current, predicted, todo.updates))

    def current(self, group):
        """The group's ports now: none to read when the server counts none (``PortCount``, as
        read, not as held since a write) or the dry run creates the group."""
        if group is None or "ObjectId" not in group or (port_count(group) == 0 and not marked([group])):
            return []
        return self.ports(group, whole=self.whole_is_cheaper())

    def whole_is_cheaper(self):
        """Every port in one read (for every group's task of the run) when the run holds that
        list already or every port fits one page (the port groups count them, as read); else
        the group's own ports, by query: one group of a server with thousands of ports costs
        one request, not one per hundred ports."""
        cache = self.client.run_cache
        if cache is not None and cache.get(list_key(PORT.path, PORT.root)) is not None:
            return True
        groups = self.list_objects(PORT_GROUP, complete=False)
        counts = [port_count(g) for g in groups if not marked([g])]
        return len(counts) == len(groups) and None not in counts and sum(counts) <= self.client.page_size

    def ports(self, group, whole=False):
        """The group's ports; ``whole``: from the run's list of every port (before any change)."""
        return [self.as_options(PORT, r) for r in group_ports(self, group["ObjectId"], whole)]

    def settings(self, given):
        wanted = dict((o, given[o]) for o in SETTINGS if given.get(o) is not None)
        if "vms_server" in wanted:
            self.reference_id(PORT.by_option["vms_server"], wanted["vms_server"])  # unknown: fails now
        return wanted

    def wanted(self):
        """The settings every port takes, and those of the ports an override names, by number."""
        base, special = self.settings(self.params), {}
        for override in self.params["overrides"]:
            extra = self.settings(override)
            special.update((n, dict(base, **extra)) for n in port_numbers(override["ports"])[0])
        return Wanted(base, special)

    def plan(self, current, wanted):
        """Ports to remove (highest first), how many to add, and those to update; ports about
        to be added that an override names are updated after the add."""
        base, special = wanted.every, wanted.named
        removes, adds = self.resize(current, self.params["count"], special)
        gone = set(p["object_id"] for p in removes)
        keep = [p for p in current if p["object_id"] not in gone]
        new = self.new_ports(keep, adds, base)
        self.check_override_ports(special, [p["number"] for p in keep + new])
        updates = []
        for port in keep + new:
            want = special.get(port["number"], base)
            fields = PORT.changed_options(port, want)
            if fields:
                updates.append(PortUpdate(port, fields, want))
        return PortChanges(removes, adds, updates)

    @staticmethod
    def resize(current, count, special):
        """The ports to remove (highest number first) and how many to add. The server adds ports
        in even numbers only (Cisco's Ports page, "Adding Ports" and "Adding PIMGTIMG Ports"):
        when an odd number is missing, one more is added and one port is removed first, the
        highest-numbered one that no override names (the highest-numbered one when overrides
        name them all). Removing first keeps the group, and the licence's total, within the
        count."""
        if count is None:
            return [], 0
        if count <= len(current):
            return list(reversed(current[count:])), 0
        missing = count - len(current)
        if missing % 2 == 0:
            return [], missing
        undescribed = [p for p in current if p["number"] not in special]
        return [(undescribed or current)[-1]], missing + 1

    def check_override_ports(self, special, numbers):
        """Fails, before any change, when an override names a port the group will not have."""
        absent = sorted(n for n in special if n not in set(numbers))
        if not absent:
            return
        name, listed = self.params["port_group"], ", ".join(str(n) for n in absent)
        if absent[0] > max(numbers or [0]):
            raise ModuleFailure("overrides: port group %s has %d ports; it has no port %s" % (
                name, len(numbers), listed))
        raise ModuleFailure(
            "overrides: port group %s has no port %s; its ports are to be %s: the server numbers new "
            "ports after the last one, so the number of a port deleted below it is not used again" % (
                name, listed, port_ranges(numbers)))

    @staticmethod
    def new_ports(keep, adds, base):
        """The ports an add would create, as the server numbers them (after the last kept one)."""
        last = max([p["number"] or 0 for p in keep] or [0])
        return [dict(base, name=None, number=last + 1 + i, object_id=None) for i in range(adds)]

    def converge(self, group, present, todo, wanted):
        """Remove (highest number first), update, add; then update the new ports an override
        names, once their ids are known (in check mode, as new ports): the one plan decided
        after a request (docs/developing.md, "Plan")."""
        plan = Plan()
        for port in todo.removes:
            plan.add("DELETE", PORT.object_path(port["object_id"]), why=self.removal_why(port, present, wanted.named))
        for update in todo.updates:
            if update.port["object_id"]:
                self.plan_update(plan, update)
        if todo.adds:
            self.plan_add(plan, group, present - len(todo.removes) + todo.adds, todo.adds, wanted.every)
        self.apply(plan)
        if todo.adds and any(not u.port["object_id"] for u in todo.updates):
            self.apply(self.plan_new_overrides(group, todo, wanted))

    def remove_surplus(self, current, after):
        """Converge after the add, for what no lock covers (another controller, the
        administration pages): ports beyond ``count`` that were not there before this task
        are removed, the highest-numbered first; one another writer removed first is gone."""
        known = set(p["object_id"] for p in current)
        extra = len(after) - self.params["count"]
        surplus = sorted((p for p in after if p["object_id"] not in known), key=lambda p: -(p["number"] or 0))
        surplus = surplus[:max(0, extra)]
        for port in surplus:
            plan = Plan()
            plan.add("DELETE", PORT.object_path(port["object_id"]),
                     why="port %s: surplus, beyond count after the add (another writer added ports)" % port["number"])
            try:
                self.apply(plan)
            except CupiError as exc:
                if exc.status != 404:
                    raise
        return surplus

    def removal_why(self, port, present, special):
        """Why a port is removed: the state, the count, or adding ports in pairs."""
        count = self.params["count"]
        if self.params["state"] == "absent":
            return "port %s: state is absent" % port["number"]
        if count <= present:
            return "port %s: beyond count" % port["number"]
        missing = count - present
        why = "port %s: removed first, as ports are added in pairs (%d missing, %d added)" % (
            port["number"], missing, missing + 1)
        if port["number"] in special:
            return why + "; overrides name every port, so it is the highest-numbered one"
        return why + "; the highest-numbered port no override names"

    def plan_update(self, plan, update):
        port, fields = update.port, update.fields
        body = self.payload(PORT, dict((f, update.want[f]) for f in fields), creating=False)
        plan.add("PUT", PORT.object_path(port["object_id"]) if port["object_id"] else PORT.path + "/" + NEW,
                 body=body, root=PORT.root, why="port %s: changed %s" % (port["number"], ", ".join(fields)))

    def plan_add(self, plan, group, expected, adds, base):
        """One POST for all the new ports, with the settings every port takes. After a lost
        answer the ports may be there already: they are counted (``find``), never sent blindly
        again (``CupiRunner.create``)."""
        group_id = (group or {}).get("ObjectId")
        body = self.payload(PORT, base, True, parents=dict(port_group_id=group_id or NEW))
        body.update({PORT_ADD_COUNT: str(adds)})
        vms = PORT.by_option["vms_server"].cupi
        if vms not in body and (group is None or PORT_GROUP.value(group, "integration") in VMS_SERVER_NEEDED):
            body[vms] = self.first_vms_server()
        plan.add("POST", PORT.path, body=body, root=PORT.root, why="add %d ports" % adds,
                 find=lambda: "added" if len(self.ports(group)) >= expected else None)

    def plan_new_overrides(self, group, todo, wanted):
        """The updates of the new ports an override names: by id once they are read."""
        plan = Plan()
        if self.check_mode:
            for update in todo.updates:
                if not update.port["object_id"]:
                    self.plan_update(plan, update)
            return plan
        known = set(p["object_id"] for p in todo.removes) | set(u.port["object_id"] for u in todo.updates)
        for port in self.ports(group):
            want = wanted.named.get(port["number"], wanted.every)
            fields = [] if port["object_id"] in known else PORT.changed_options(port, want)
            if fields:  # a new port an override names
                self.plan_update(plan, PortUpdate(port, fields, want))
        return plan

    def first_vms_server(self):
        servers = self.list_objects(VMS_SERVER)
        if not servers:
            raise ModuleFailure("the server lists no VMS server to put the ports on")
        return servers[0][VMS_SERVER.id_field]

    def predicted_ports(self, current, todo, base):
        """The ports as they will be: kept ones with their updates, then the new ones."""
        gone = set(p["object_id"] for p in todo.removes)
        patched = dict((u.port["number"], (u.fields, u.want)) for u in todo.updates)
        kept = [p for p in current if p["object_id"] not in gone]
        after = []
        for port in kept + self.new_ports(kept, todo.adds, base):
            port = dict(port)
            fields, want = patched.get(port["number"], ((), {}))
            port.update((f, want[f]) for f in fields)
            after.append(port)
        return after

    def differences(self, name, current, predicted, updates):
        """A change in the number of ports, then each setting of each existing port that differs."""
        parent = object_label(PORT_GROUP.kind, name)
        result = []
        if len(predicted) != len(current):
            result.append(difference("ports", "", "update", parent, "count", len(current), len(predicted)))
        for update in updates:
            port = update.port
            if port["object_id"]:
                result += field_differences(PORT, port["number"], port, update.want, update.fields, parent)
        return result


def main():
    run_module(Runner)


if __name__ == "__main__":
    main()
