#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sip_security_profile
short_description: Manage Unity Connection SIP security profiles
version_added: 0.1.0
description:
  - Creates, updates and deletes a SIP security profile through the CUPI REST API
    (C(/vmrest/sipsecurityprofiles)). A profile is found by its SIP port, O(sip_port); the
    server names it after the port (C(5060), or C(5061/TLS) with O(tls)).
  - The SIP port is O(sip_port), not O(port), because O(port) is the port of the CUPI API
    in every module of the collection (and in C(module_defaults) for the group).
  - Port groups refer to a profile by its port (O(cupi.telephony.port_group#module:sip_security_profile)).
    The server refuses to delete a profile a port group uses; the error names the port group.
extends_documentation_fragment:
  - cupi.telephony.connection
  - cupi.telephony.connection.hostname
  - cupi.telephony.connection.attributes
options:
  sip_port:
    description: The SIP port of the profile, 1024 to 65535; unique on the server.
    type: int
    required: true
  tls:
    description: Use TLS on this port. Changing it leaves the port groups that use the profile needing a reset.
    type: bool
  state:
    description: V(present) creates or updates the profile, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: cupi.telephony.port_group
  - module: cupi.telephony.sip_certificate
author:
  - cupi.telephony maintainers (@cupi-telephony)
"""

EXAMPLES = r"""
- name: A TLS profile on 5061
  cupi.telephony.sip_security_profile:
    hostname: cuc.example.com
    username: admin
    password: "{{ vault_cuc_password }}"
    sip_port: 5061
    tls: true

- name: Remove an unused profile
  cupi.telephony.sip_security_profile:
    sip_port: 5070
    state: absent
"""

RETURN = r"""
msg:
  description: What happened, in one line.
  returned: always
  type: str
  sample: SIP security profile 5061 created
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
      path: /vmrest/sipsecurityprofiles
      body:
        Port: "5063"
        DoTLS: "true"
      why: "SIP security profile 5063 does not exist"
differences:
  description:
    - What differs between the server and the task (what changed, or in check mode what would change);
      the object created or deleted, or each field that differs with the server's value (V(before))
      and the task's (V(after)). Secrets show as V((secret)).
  returned: always
  type: list
  elements: dict
  sample:
    - object: SIP security profile 5061
      kind: SIP security profile
      name: "5061"
      parent: null
      action: create
      field: null
      before: null
      after: null
sip_security_profile:
  description:
    - The profile after the task (as it would be, in check mode); empty when it is absent.
    - A new one shows what the task sent and its C(object_id); what the server derives and its
      defaults for the rest show on the next read (see M(cupi.telephony.telephony_info)), never
      guessed. After an update the object is read back (one request), so the fields the server
      derives (such as C(reset_status)) are the server's. In check mode, the object as it would
      be, with what the server would derive predicted.
  returned: always
  type: dict
  sample:
    sip_port: 5061
    tls: true
    name: 5061/TLS
    object_id: 61dc7bd7-06a4-4e64-8104-ea9694390358
"""

from ansible_collections.cupi.telephony.plugins.module_utils.base import object_argspec, run_module
from ansible_collections.cupi.telephony.plugins.module_utils.objects import ObjectRunner
from ansible_collections.cupi.telephony.plugins.module_utils.resources import SIP_SECURITY_PROFILE


class Runner(ObjectRunner):
    resource = SIP_SECURITY_PROFILE
    key_option = "sip_port"
    result_key = "sip_security_profile"
    argument_spec = object_argspec(SIP_SECURITY_PROFILE, key="sip_port")


def main():
    run_module(Runner)


if __name__ == "__main__":
    main()
