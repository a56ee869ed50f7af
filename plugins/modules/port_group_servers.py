#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: port_group_servers
short_description: Manage the servers of a Unity Connection port group
version_added: 0.1.0
description:
  - Manages the Unified CM, TFTP and SIP proxy servers an SCCP or SIP port group connects to,
    through C(/vmrest/portgroups/<id>/portgroupservers).
  - Unity Connection supports no change to the servers of a PIMG/TIMG port group, so the module
    refuses such a port group before any change. Its server is the port group's own host,
    shown by M(cupi.telephony.telephony_info) with type V(pimg).
  - An SCCP port group takes V(cucm) and V(tftp) servers, a SIP port group V(tftp) and
    V(sip_proxy) servers; any other type is refused before any change.
  - Servers are matched on O(servers[].type) and O(servers[].host). Only the options given
    for a server are compared and sent.
  - Adding, changing or removing a server leaves the port group needing a reset; see
    M(cupi.telephony.port_group_reset).
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
      - V(merged) makes every listed server exist with the options given and leaves other
        servers alone.
      - V(replaced) makes the listed servers the only ones; servers of the port group that
        are not listed are removed (after the listed ones are in place).
      - V(deleted) removes the listed servers, or every server of the port group when
        O(servers) is empty.
    type: str
    choices: [merged, replaced, deleted]
    default: merged
  servers:
    description: The servers.
    type: list
    elements: dict
    default: []
    suboptions:
      type:
        description:
          - What the server is. V(cucm) for Unified CM (SCCP), V(tftp) for TFTP servers,
            V(sip_proxy) for SIP.
        type: str
        required: true
        choices: [cucm, tftp, sip_proxy]
      host:
        description: Host name or IPv4 address of the server; with O(servers[].type), the key of the item.
        type: str
        required: true
      host_ipv6:
        description: IPv6 address of the server.
        type: str
      port:
        description: The server's port (for example 2000 for SCCP, 5060 for SIP), 0 to 9999.
        type: int
      tls_port:
        description: The server's TLS port (for example 2443 for SCCP, 5061 for SIP), 0 to 9999.
        type: int
      precedence:
        description:
          - Order in which Unity Connection uses servers of the same type (lower first), 0 to 9999.
          - With O(state=replaced), a server without it gets its place among the listed
            servers of its type (1, 2, ...).
        type: int
      state_machine:
        description: For V(cucm) servers of SCCP port groups, whether the server is Unified CM or Unified CM Express.
        type: str
        choices: [cucm, cucme]
seealso:
  - module: cupi.telephony.port_group
  - module: cupi.telephony.port_group_reset
author:
  - cupi.telephony maintainers (@cupi-telephony)
"""

EXAMPLES = r"""
- name: Exactly these Unified CM servers for the SCCP port group, publisher first
  cupi.telephony.port_group_servers:
    hostname: cuc.example.com
    username: admin
    password: "{{ vault_cuc_password }}"
    port_group: CUCM-HQ-SCCP
    state: replaced
    servers:
      - {type: cucm, host: 10.1.1.10, port: 2000, tls_port: 2443}
      - {type: cucm, host: 10.1.1.11, port: 2000, tls_port: 2443}
      - {type: tftp, host: 10.1.1.10}

- name: Add a second SIP proxy
  cupi.telephony.port_group_servers:
    port_group: CUCM-HQ-SIP
    servers:
      - {type: sip_proxy, host: 10.1.1.11, port: 5060, tls_port: 5061, precedence: 2}
"""

RETURN = r"""
msg:
  description: What happened, in one line.
  returned: always
  type: str
  sample: "servers of port group CUCM-HQ-SIP: 1 added, 0 updated, 0 removed"
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
    - method: DELETE
      path: /vmrest/portgroups/0f4c6e1e-1c1a-4f4e-9c47-3a0b8e1d2c55/portgroupservers/8a1d2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b
      why: "not in servers"
differences:
  description:
    - What differs between the server and the task (what changed, or in check mode what would change);
      each child added or removed, each field that differs with the server's value (V(before)) and
      the task's (V(after)), and each child moved in the list (field V(order)).
  returned: always
  type: list
  elements: dict
  sample:
    - object: port group server sip_proxy 10.1.1.10 of port group CUCM-HQ-SIP
      kind: port group server
      name: "sip_proxy 10.1.1.10"
      parent: port group CUCM-HQ-SIP
      action: update
      field: port
      before: 5070
      after: 5060
duplicates:
  description:
    - The servers removed because an earlier one on the server has the same type and host (two writers,
      or a change in the administration pages), as they were; each also has a C(delete) entry
      in RV(differences) and a request in RV(requests). V(merged) collapses the duplicates of
      the listed servers, V(replaced) every duplicate. Empty when there were none.
  returned: always
  type: list
  elements: dict
  sample: []
before:
  description: The servers before the task.
  returned: always
  type: list
  elements: dict
  sample:
    - type: sip_proxy
      host: 10.1.1.10
      host_ipv6: ""
      port: 5060
      tls_port: 5061
      precedence: 1
      state_machine: cucm
      object_id: 5f3c84e3-8ab1-4fae-a051-bc1db938dae4
after:
  description:
    - The servers after the task (as they would be, in check mode).
    - Not read back after a change. It holds the fields the server showed before, with those the
      task sent, in the order the server lists them; a new one shows what the task sent and
      its C(object_id) (server defaults for the rest show on the next read).
  returned: always
  type: list
  elements: dict
port_group_servers:
  description: The same as RV(after).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure, run_module
from ansible_collections.cupi.telephony.plugins.module_utils.children import ChildListRunner, children_argspec
from ansible_collections.cupi.telephony.plugins.module_utils.resources import (
    PORT_GROUP,
    PORT_GROUP_SERVER,
    server_type_error,
)


class Runner(ChildListRunner):
    resource = PORT_GROUP_SERVER
    items_option, result_key = "servers", "port_group_servers"
    label = "servers of port group %s"
    argument_spec = children_argspec(PORT_GROUP_SERVER, "servers")

    def check_parent(self, parent):
        """Refused before any write: a PIMG/TIMG port group (no server changes), and a server
        type the port group's integration does not take (INTEGRATION_SERVER_TYPES)."""
        integration = PORT_GROUP.value(parent, "integration") if parent else None
        if integration == "pimg":
            raise ModuleFailure(
                "port_group: %s is a PIMG/TIMG port group; Unity Connection supports no change to the "
                "servers of such a port group (its server is the port group's host)" % PORT_GROUP.name_of(parent))
        if self.params["state"] == "deleted":
            return
        errors = ["servers[%d].type: %s" % (index, error) for index, error in (
            (index, server_type_error(integration, server.get("type")))
            for index, server in enumerate(self.params["servers"])) if error]
        if errors:
            raise ModuleFailure("port_group: %s: %s" % (PORT_GROUP.name_of(parent), "; ".join(errors)))


def main():
    run_module(Runner)


if __name__ == "__main__":
    main()
