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
  - Missing ports are added in one request; surplus ports are removed from the highest
    number down; only the ports whose settings differ are updated, and only the settings
    that differ are sent.
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

from ansible_collections.cupi.telephony.plugins.module_utils.base import CupiRunner, ModuleFailure, run_module
from ansible_collections.cupi.telephony.plugins.module_utils.resources import PORT, PORT_GROUP, VMS_SERVER

SETTINGS = [f.option for f in PORT.writable()]
SCCP = "1"


class Runner(CupiRunner):
    argument_spec = dict(
        PORT.argspec(),
        port_group=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        count=dict(type="int"),
    )

    def check(self):
        errors = PORT.check(self.params)
        count = self.params["count"]
        if count is not None and (count < 0 or count % 2):
            errors.append("count must be an even number of ports (0, 2, 4, ...), got %s" % count)
        return errors

    def run(self):
        name = self.params["port_group"]
        group = self.find(PORT_GROUP, name)
        if group is None and not self.check_mode:
            raise self.not_found(PORT_GROUP, name, "port_group")
        if group and self.params["security_mode"] and group.get("TelephonyIntegrationMethodEnum") != SCCP:
            raise ModuleFailure("security_mode applies to SCCP port groups only; %s is not one" % name)
        current = self.ports(group) if group else []
        if self.params["state"] == "absent":
            removes, adds, updates = current, 0, []
        else:
            removes, adds, updates = self.plan(current)
        changed = bool(removes or adds or updates)
        if changed and not self.check_mode:
            self.apply(group, len(current), removes, adds, updates)
            after = self.ports(group)
        else:
            after = self.predict(current, removes, adds, updates)
        msg = "ports of port group %s: %d added, %d removed, %d updated" % (name, adds, len(removes), len(updates))
        result = dict(changed=changed, msg=msg if changed else "ports of port group %s: as requested" % name,
                      ports=after)
        if self.diff_mode:
            result["diff"] = dict(before=dict(ports=current), after=dict(ports=after))
        return result

    def ports(self, group):
        return [self.present(PORT, r) for r in self.group_ports(group["ObjectId"])]

    def desired(self):
        wanted = dict((o, self.params[o]) for o in SETTINGS if self.params.get(o) is not None)
        if "vms_server" in wanted:
            self.reference_id(PORT.by_option["vms_server"], wanted["vms_server"])  # unknown: fails now
        return wanted

    def plan(self, current):
        wanted = self.desired()
        count = self.params["count"]
        keep = current if count is None else current[:count]
        removes = [] if count is None else list(reversed(current[count:]))
        adds = 0 if count is None else max(0, count - len(current))
        updates = [(port, PORT.differences(port, wanted)) for port in keep]
        return removes, adds, [(port, fields) for port, fields in updates if fields]

    def apply(self, group, present, removes, adds, updates):
        wanted = self.desired()
        expected = present - len(removes) + adds
        for port in removes:  # highest number first
            self.client.delete(PORT.object_path(port["object_id"]))
        for port, fields in updates:
            body = self.payload(PORT, dict((f, wanted[f]) for f in fields), creating=False)
            self.client.update(PORT.object_path(port["object_id"]), PORT.root, body)
        if adds:
            body = self.payload(PORT, wanted, True, parents=dict(port_group_id=group["ObjectId"]))
            body.update(NumberOfPorts=str(adds))
            if "VmsServerObjectId" not in body and group.get("TelephonyIntegrationMethodEnum") in (SCCP, "2"):
                body["VmsServerObjectId"] = self.first_vms_server()
            # After a lost answer the ports may be there already: count before sending again.
            self.create(PORT.path, PORT.root, body,
                        lambda: "added" if len(self.ports(group)) >= expected else None)

    def first_vms_server(self):
        servers = self.list_objects(VMS_SERVER)
        if not servers:
            raise ModuleFailure("the server lists no VMS server to put the ports on")
        return servers[0][VMS_SERVER.id_field]

    def predict(self, current, removes, adds, updates):
        gone = set(p["object_id"] for p in removes)
        patched = dict((p["object_id"], fields) for p, fields in updates)
        wanted = self.desired() if updates or adds else {}
        after = []
        for port in current:
            if port["object_id"] in gone:
                continue
            port = dict(port)
            port.update((f, wanted[f]) for f in patched.get(port["object_id"], []))
            after.append(port)
        for _index in range(adds):
            after.append(dict(wanted, name=None, number=None, object_id=None))
        return after


def main():
    run_module(Runner)


if __name__ == "__main__":
    main()
