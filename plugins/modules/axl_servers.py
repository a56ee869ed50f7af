#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: axl_servers
short_description: Manage the AXL servers of a Unity Connection phone system
version_added: 0.1.0
description:
  - Manages the list of AXL servers (Cisco Unified CM publishers and subscribers that Unity
    Connection reads users and phone settings from) of one phone system, through
    C(/vmrest/phonesystems/<id>/axlservers).
  - Servers are matched on O(servers[].host). Only the options given for a server are
    compared and sent.
  - The server never returns AXL passwords, so a password cannot be compared; see
    O(update_password).
extends_documentation_fragment:
  - cupi.telephony.connection
  - cupi.telephony.connection.hostname
  - cupi.telephony.connection.attributes
options:
  phone_system:
    description: The name of the phone system the AXL servers belong to.
    type: str
    required: true
  state:
    description:
      - V(merged) makes every listed server exist with the options given and leaves other
        servers alone.
      - V(replaced) makes the listed servers the only ones, deleting the others.
      - V(deleted) deletes the listed servers, or every AXL server of the phone system when
        O(servers) is empty.
    type: str
    choices: [merged, replaced, deleted]
    default: merged
  update_password:
    description:
      - V(on_create) sends O(servers[].password) only when the server is added, so re-runs
        report no change. A password given for a server that exists is neither compared nor
        sent, and the task warns, naming the servers (RV(passwords_not_sent)).
      - V(always) sends it to every listed server on every run (and so reports a change
        each time).
    type: str
    choices: [always, on_create]
    default: on_create
  servers:
    description: The AXL servers.
    type: list
    elements: dict
    default: []
    suboptions:
      host:
        description: Host name or IPv4 address of the Unified CM server; the key of the item.
        type: str
        required: true
      host_ipv6:
        description: IPv6 address of the Unified CM server.
        type: str
      port:
        description: Port of the AXL service, 0 to 9999. The server's default is 443.
        type: int
      tls_port:
        description: TLS port of the AXL service, 0 to 9999. The server's default is 443.
        type: int
      precedence:
        description:
          - Order in which Unity Connection tries the servers (lower first), 0 to 9999.
          - With O(state=replaced), a server without it gets its place in the list (1, 2, ...).
        type: int
      username:
        description: The Unified CM application user Unity Connection signs in to AXL with.
        type: str
      password:
        description: The password of O(servers[].username); never returned. See O(update_password).
        type: str
      pin_sync:
        description:
          - Synchronise phone PINs with Unified CM (Unity Connection 11.5(1) and later).
          - It applies to the primary AXL server only, the one with the lowest precedence.
            V(true) is refused on any server but the first listed, and on the first too when
            another listed server gives a lower O(servers[].precedence). The server refuses
            it on a server that is not its primary.
        type: bool
seealso:
  - module: cupi.telephony.phone_system
author:
  - cupi.telephony maintainers (@cupi-telephony)
"""

EXAMPLES = r"""
- name: Exactly these two AXL servers, publisher first
  cupi.telephony.axl_servers:
    hostname: cuc.example.com
    username: admin
    password: "{{ vault_cuc_password }}"
    phone_system: CUCM-HQ
    state: replaced
    servers:
      - host: 10.1.1.10
        username: axluser
        password: "{{ vault_axl_password }}"
      - host: 10.1.1.11
        username: axluser
        password: "{{ vault_axl_password }}"

- name: Push a new AXL password to every listed server
  cupi.telephony.axl_servers:
    phone_system: CUCM-HQ
    update_password: always
    servers:
      - host: 10.1.1.10
        password: "{{ vault_axl_password_new }}"

- name: Remove one AXL server
  cupi.telephony.axl_servers:
    phone_system: CUCM-HQ
    state: deleted
    servers:
      - host: 10.1.1.11
"""

RETURN = r"""
msg:
  description: What happened, in one line.
  returned: always
  type: str
  sample: "AXL servers of CUCM-HQ: 1 added, 0 updated, 1 removed"
passwords_not_sent:
  description:
    - The AXL servers that exist and were given a password that, with O(update_password=on_create),
      was neither compared (the server never returns it) nor sent; in check mode, those of the
      task's run. The task warns once, naming them; O(update_password=always) sends it.
  returned: success
  type: list
  elements: str
  sample: [AXL server 10.1.1.10 of phone system CUCM-HQ]
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
      path: /vmrest/phonesystems/4fa8a3c8-44b5-4d57-9f09-1a4b0d8c0c3e/axlservers
      body:
        MediaSwitchObjectId: "4fa8a3c8-44b5-4d57-9f09-1a4b0d8c0c3e"
        MediaRemoteServiceEnum: "103"
        HostOrIPAddress: "10.1.1.11"
        Precedence: "2"
        CcmAXLPassword: "(secret)"
      why: "not on the server"
differences:
  description:
    - What differs between the server and the task (what changed, or in check mode what would change);
      each child added or removed, each field that differs with the server's value (V(before)) and
      the task's (V(after)), and each child moved in the list (field V(order)).
  returned: always
  type: list
  elements: dict
  sample:
    - object: AXL server 10.1.1.10 of phone system CUCM-HQ
      kind: AXL server
      name: "10.1.1.10"
      parent: phone system CUCM-HQ
      action: update
      field: port
      before: 8443
      after: 443
duplicates:
  description:
    - The AXL servers removed because an earlier one on the server has the same host (two writers,
      or a change in the administration pages), as they were; each also has a C(delete) entry
      in RV(differences) and a request in RV(requests). V(merged) collapses the duplicates of
      the listed servers, V(replaced) every duplicate. Empty when there were none.
  returned: always
  type: list
  elements: dict
  sample: []
before:
  description: The AXL servers before the task.
  returned: always
  type: list
  elements: dict
  sample:
    - host: 10.1.1.9
      host_ipv6: ""
      port: 443
      tls_port: 443
      precedence: 1
      username: axluser
      pin_sync: false
      ccm_version: "5"
      object_id: 0bd4c4f3-3e3f-4e4e-8a7a-6f2b8a9d1c11
after:
  description:
    - The AXL servers after the task (as they would be, in check mode); no passwords.
    - Not read back after a change. It holds the fields the server showed before, with those the
      task sent, in the order the server lists them; a new one shows what the task sent and
      its C(object_id) (server defaults for the rest show on the next read).
  returned: always
  type: list
  elements: dict
axl_servers:
  description: The same as RV(after).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.cupi.telephony.plugins.module_utils.base import run_module
from ansible_collections.cupi.telephony.plugins.module_utils.children import ChildListRunner, children_argspec, item_name
from ansible_collections.cupi.telephony.plugins.module_utils.passwords import not_sent, passwords_result
from ansible_collections.cupi.telephony.plugins.module_utils.resources import AXL_SERVER, PHONE_SYSTEM
from ansible_collections.cupi.telephony.plugins.module_utils.spec import object_label


class Runner(ChildListRunner):
    resource = AXL_SERVER
    items_option, result_key = "servers", "axl_servers"
    label = "AXL servers of %s"
    argument_spec = children_argspec(AXL_SERVER, "servers", update_password=dict(
        type="str", choices=["always", "on_create"], default="on_create"))

    def run(self):
        self.not_sent = []
        result = super().run()
        parent = object_label(PHONE_SYSTEM.kind, self.params["phone_system"])
        return passwords_result(self, result, "password", [
            object_label(AXL_SERVER.kind, host, parent) for host in self.not_sent])

    def compare(self, changes, have, given, label):
        super().compare(changes, have, given, label)
        if have is not None and not_sent(self, given, "password"):
            self.not_sent.append(item_name(have, self.key_options))


def main():
    run_module(Runner)


if __name__ == "__main__":
    main()
