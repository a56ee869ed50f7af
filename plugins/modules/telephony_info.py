#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: telephony_info
short_description: Read the telephony integrations of a Unity Connection server
version_added: 0.1.0
description:
  - Reads phone systems and what hangs under them from Cisco Unity Connection's CUPI REST
    API and returns them with the option names the other modules of this collection take,
    plus C(object_id).
  - Changes nothing on the server.
  - The lists that do not hang under another object (phone systems, port groups, ports and
    the server-wide subsets) are read at once, at most 3 requests at a time, each on a
    connection of its own with the same session. Unity Connection works on 5 requests at
    once. What hangs under a phone system or a port group is read after, one list at a time.
extends_documentation_fragment:
  - cupi.telephony.connection
  - cupi.telephony.connection.hostname
  - cupi.telephony.connection.info_attributes
options:
  gather_subset:
    description:
      - What to read. V(all) reads every subset.
      - Each subset is returned under the key of the same name.
    type: list
    elements: str
    choices: [all, phone_systems, axl_servers, phone_system_associations, port_groups, port_group_servers,
              port_group_codecs, ports, sip_security_profiles, sip_certificates, port_group_templates,
              rtp_codecs, vms_servers]
    default: [all]
  phone_systems:
    description:
      - Only read these phone systems (by name, case does not matter) and what hangs under
        them. All phone systems when empty.
      - Names that do not exist are ignored.
    type: list
    elements: str
    default: []
  port_groups:
    description:
      - Only read these port groups (by name, case does not matter) and their servers and
        codecs. All port groups (of the selected phone systems) when empty.
    type: list
    elements: str
    default: []
seealso:
  - module: cupi.telephony.phone_system
  - module: cupi.telephony.axl_servers
author:
  - cupi.telephony maintainers (@cupi-telephony)
"""

EXAMPLES = r"""
- name: Read everything
  cupi.telephony.telephony_info:
    hostname: cuc.example.com
    username: admin
    password: "{{ vault_cuc_password }}"
  register: cuc

- name: Show the phone systems
  ansible.builtin.debug:
    msg: "{{ cuc.phone_systems | map(attribute='name') }}"

- name: The AXL servers and users of one phone system
  cupi.telephony.telephony_info:
    gather_subset: [axl_servers, phone_system_associations]
    phone_systems: [CUCM-HQ]
  register: hq

# From the shell, with the connection in CUPI_HOSTNAME, CUPI_USERNAME, CUPI_PASSWORD:
#   ansible localhost -m cupi.telephony.telephony_info -a gather_subset=vms_servers
"""

RETURN = r"""
msg:
  description: What was read, in one line.
  returned: always
  type: str
  sample: "read phone_systems (2), vms_servers (1)"
requests:
  description:
    - Always empty - this module only reads. Every module of the collection returns the requests it
      sent under this key.
  returned: always
  type: list
  elements: dict
  sample: []
phone_systems:
  description: The phone systems, with the options of M(cupi.telephony.phone_system).
  returned: when gathered
  type: list
  elements: dict
  sample:
    - name: CUCM-HQ
      object_id: 4fa8a3c8-44b5-4d57-9f09-1a4b0d8c0c3e
      call_loop_guard_time_ms: 2500
      port_count: 0
axl_servers:
  description:
    - The AXL servers of the phone systems, with the item options of
      M(cupi.telephony.axl_servers) and the name of their C(phone_system). Never a password.
  returned: when gathered
  type: list
  elements: dict
  sample:
    - phone_system: CUCM-HQ
      host: 10.1.1.10
      port: 443
      precedence: 1
      username: axluser
      object_id: 0bd4c4f3-3e3f-4e4e-8a7a-6f2b8a9d1c11
phone_system_associations:
  description: The users associated with each phone system (they keep it from being deleted).
  returned: when gathered
  type: list
  elements: dict
  sample:
    - phone_system: CUCM-HQ
      alias: operator
      display_name: Operator
      notification_devices: 4
      mwi_devices: 1
      primary_call_handlers: 1
      object_id: 6b455973-13d1-4b10-871e-1d1d55f160d2
port_groups:
  description:
    - The port groups of the selected phone systems, with the options of
      M(cupi.telephony.port_group) (C(phone_system), C(sip_security_profile) and
      C(sip_certificate) by name) and the read-only C(reset_status) and C(port_count).
      Never the SIP password.
  returned: when gathered
  type: list
  elements: dict
  sample:
    - name: CUCM-HQ-SIP
      phone_system: CUCM-HQ
      integration: sip
      sip_transport_protocol: tcp
      sip_security_profile: 5060
      reset_status: not_required
      port_count: 8
      object_id: 74a008c0-bdc6-4e4b-a304-8a220a081990
port_group_servers:
  description: The servers of the port groups, with the item options of M(cupi.telephony.port_group_servers) and C(port_group).
  returned: when gathered
  type: list
  elements: dict
  sample:
    - port_group: CUCM-HQ-SIP
      type: sip_proxy
      host: 10.1.1.10
      port: 5060
      tls_port: 5061
      precedence: 1
      object_id: 0f0e6c7a-9d0e-4d34-9d52-57d0f3a5c9aa
port_group_codecs:
  description: The codecs of the port groups, with the item options of M(cupi.telephony.port_group_codecs) and C(port_group).
  returned: when gathered
  type: list
  elements: dict
  sample:
    - port_group: CUCM-HQ-SIP
      name: G.711 mu-law
      packet_size: 20
      preference: 1
      object_id: 2e2b5b53-4b8e-4f7e-9bb0-2f3f0b9d6c01
ports:
  description: The voice messaging ports of the port groups, with the options of M(cupi.telephony.ports) and C(port_group).
  returned: when gathered
  type: list
  elements: dict
  sample:
    - port_group: CUCM-HQ-SIP
      name: CUCM-HQ-SIP-001
      number: 1
      vms_server: cuc-pub
      answer_calls: true
      enabled: true
      object_id: 0d0e8c5f-7a3c-4f19-b6e7-9b1e2c0d4a11
sip_security_profiles:
  description: The SIP security profiles, with the options of M(cupi.telephony.sip_security_profile).
  returned: when gathered
  type: list
  elements: dict
  sample:
    - sip_port: 5061
      tls: true
      name: 5061/TLS
      object_id: 61dc7bd7-06a4-4e64-8104-ea9694390358
sip_certificates:
  description: The SIP certificates, with the options of M(cupi.telephony.sip_certificate); never the certificate body or its private key.
  returned: when gathered
  type: list
  elements: dict
  sample:
    - name: cuc-sip
      subject_name: cuc-sip.example.com
      object_id: 2654ba6a-ae1a-4935-a8cc-c1cf7199f695
port_group_templates:
  description: The port group templates, one per integration.
  returned: when gathered
  type: list
  elements: dict
  sample:
    - name: SIP
      integration: sip
      object_id: 04e0e286-56ed-4f27-a325-756a49dd98e1
rtp_codecs:
  description: The codecs the server knows; their names are what M(cupi.telephony.port_group_codecs) takes.
  returned: when gathered
  type: list
  elements: dict
  sample:
    - name: G.711 mu-law
      object_id: 5623a48c-255d-a121-a4b4-5788238a8123
vms_servers:
  description: The Unity Connection servers of the cluster, which ports are placed on.
  returned: when gathered
  type: list
  elements: dict
  sample:
    - name: cuc-pub
      object_id: 574ca5d3-9041-4ff9-8e7d-727c32d80dab
"""

from ansible_collections.cupi.telephony.plugins.module_utils.base import CupiRunner, run_module
from ansible_collections.cupi.telephony.plugins.module_utils.resources import (
    PHONE_SYSTEM,
    PORT_GROUP,
    PORT,
    RESOURCES,
)

# Each type's subset is declared on its Resource (``subset``): the types under a phone system
# or a port group are read under each selected one, the others once for the whole server.
SELECTED = (PHONE_SYSTEM, PORT_GROUP, PORT)
GATHERED = [r for r in RESOURCES if r.subset]
SERVER_WIDE = dict((r.subset, r) for r in GATHERED if r.parent is None and r not in SELECTED)
PHONE_SYSTEM_CHILDREN = dict((r.subset, r) for r in GATHERED if r.parent is PHONE_SYSTEM)
PORT_GROUP_CHILDREN = dict((r.subset, r) for r in GATHERED if r.parent is PORT_GROUP)
# Each parent, then what hangs under it, then the server-wide types.
SUBSETS = (["phone_systems"] + list(PHONE_SYSTEM_CHILDREN) + ["port_groups"] + list(PORT_GROUP_CHILDREN)
           + ["ports"] + list(SERVER_WIDE))


class Runner(CupiRunner):
    argument_spec = dict(
        gather_subset=dict(type="list", elements="str", default=["all"], choices=["all"] + SUBSETS),
        phone_systems=dict(type="list", elements="str", default=[]),
        port_groups=dict(type="list", elements="str", default=[]),
    )

    def run(self):
        subsets = self.params["gather_subset"]
        subsets = SUBSETS if "all" in subsets else [s for s in SUBSETS if s in subsets]
        result = {"changed": False}
        self._read_at_once(subsets)
        for subset, resource in SERVER_WIDE.items():
            if subset in subsets:
                result[subset] = [self.as_options(resource, r) for r in self.read(resource)]
        systems = self._selected(PHONE_SYSTEM, "phone_systems")
        if "phone_systems" in subsets:
            result["phone_systems"] = [self.as_options(PHONE_SYSTEM, r) for r in systems]
        for subset, resource in PHONE_SYSTEM_CHILDREN.items():
            if subset in subsets:
                result[subset] = self._children(systems, resource)
        if set(subsets) & set(["port_groups", "ports"] + list(PORT_GROUP_CHILDREN)):
            groups = self._selected(PORT_GROUP, "port_groups")
            if self.params["phone_systems"]:  # else every group, whatever its phone system
                system_ids = set(r["ObjectId"] for r in systems)
                phone_system = PORT_GROUP.by_option["phone_system"].cupi
                groups = [g for g in groups if g.get(phone_system) in system_ids]
            if "port_groups" in subsets:
                result["port_groups"] = [self.as_options(PORT_GROUP, r) for r in groups]
            for subset, resource in PORT_GROUP_CHILDREN.items():
                if subset in subsets:
                    result[subset] = self._children(groups, resource)
            if "ports" in subsets:
                names = dict((g[PORT_GROUP.id_field], PORT_GROUP.name_of(g)) for g in groups)
                ports = [r for r in self.read(PORT) if r.get(PORT.parent_field) in names]
                result["ports"] = [dict(self.as_options(PORT, r), port_group=names[r[PORT.parent_field]]) for r in ports]
        result["msg"] = "read " + ", ".join("%s (%d)" % (s, len(result[s])) for s in subsets)
        return result

    def _read_at_once(self, subsets):
        """The whole lists the subsets need (the types with no parent), read at once: none
        waits on another. What hangs under a phone system or a port group is read after."""
        wanted = [r for s, r in SERVER_WIDE.items() if s in subsets] + [PHONE_SYSTEM]
        if set(subsets) & set(["port_groups", "ports"] + list(PORT_GROUP_CHILDREN)):
            wanted.append(PORT_GROUP)
        if "ports" in subsets:
            wanted.append(PORT)
        self.list_at_once(wanted, fresh=True)
        for resource in wanted:
            self._cache[_read_key(resource, {})] = True

    def read(self, resource, **parents):
        """Every object of the type as the server has it now: read once per task, never taken
        from the run's lists (which only tell this run's writes, not another's)."""
        key = _read_key(resource, parents)
        fresh = key not in self._cache
        self._cache[key] = True
        return self.list_objects(resource, fresh=fresh, **parents)

    def _selected(self, resource, option):
        """Every object of the type, or those the name filter ``option`` names."""
        wanted = set(n.lower() for n in self.params[option])
        rows = self.read(resource)
        return [r for r in rows if r.get(resource.name_field, "").lower() in wanted] if wanted else rows

    def _children(self, parents, resource):
        """The children of each parent (raw), each with its parent's name under the parent's option."""
        parent = resource.parent
        rows = []
        for row in parents:
            for child in self.read(resource, **{resource.parent_key: row[parent.id_field]}):
                rows.append(dict(self.as_options(resource, child), **{resource.parent_option: parent.name_of(row)}))
        return rows


def _read_key(resource, parents):
    """The mark of a list this task has read from the server (``read``: once per task)."""
    return ("read", resource.root, tuple(sorted(parents.items())))


def main():
    run_module(Runner)


if __name__ == "__main__":
    main()
