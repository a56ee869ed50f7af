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
    choices: [all, phone_systems, axl_servers, phone_system_associations, vms_servers]
    default: [all]
  phone_systems:
    description:
      - Only read these phone systems (by name, case does not matter) and what hangs under
        them. All phone systems when empty.
      - Names that do not exist are ignored.
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
    AXL_SERVER,
    PHONE_SYSTEM,
    PHONE_SYSTEM_ASSOCIATION,
    VMS_SERVER,
)

# Subsets read under each phone system: subset -> resource.
PHONE_SYSTEM_CHILDREN = dict(axl_servers=AXL_SERVER, phone_system_associations=PHONE_SYSTEM_ASSOCIATION)
SUBSETS = ["phone_systems", "axl_servers", "phone_system_associations", "vms_servers"]


class Runner(CupiRunner):
    argument_spec = dict(
        gather_subset=dict(type="list", elements="str", default=["all"], choices=["all"] + SUBSETS),
        phone_systems=dict(type="list", elements="str", default=[]),
    )

    def run(self):
        subsets = self.params["gather_subset"]
        subsets = SUBSETS if "all" in subsets else [s for s in SUBSETS if s in subsets]
        result = {"changed": False}
        if "vms_servers" in subsets:
            result["vms_servers"] = [self.present(VMS_SERVER, r) for r in self.list_objects(VMS_SERVER)]
        if set(subsets) & set(["phone_systems"] + list(PHONE_SYSTEM_CHILDREN)):
            systems = self._phone_systems()
            if "phone_systems" in subsets:
                result["phone_systems"] = [self.present(PHONE_SYSTEM, r) for r in systems]
            for subset, resource in PHONE_SYSTEM_CHILDREN.items():
                if subset in subsets:
                    result[subset] = self._children(systems, resource)
        result["msg"] = "read " + ", ".join("%s (%d)" % (s, len(result[s])) for s in subsets)
        return result

    def _phone_systems(self):
        wanted = set(n.lower() for n in self.params["phone_systems"])
        systems = self.list_objects(PHONE_SYSTEM)
        if wanted:
            systems = [r for r in systems if r.get("DisplayName", "").lower() in wanted]
        return systems

    def _children(self, systems, resource):
        rows = []
        for system in systems:
            for child in self.list_objects(resource, phone_system_id=system["ObjectId"]):
                rows.append(dict(self.present(resource, child), phone_system=system["DisplayName"]))
        return rows


def main():
    run_module(Runner)


if __name__ == "__main__":
    main()
