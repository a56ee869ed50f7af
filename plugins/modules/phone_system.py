#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: phone_system
short_description: Manage Unity Connection phone systems
version_added: 0.1.0
description:
  - Creates, updates and deletes a phone system (a telephony integration) of Cisco Unity
    Connection through the CUPI REST API (C(/vmrest/phonesystems)).
  - The phone system is found by its display name, O(name). Only the options that are set
    are compared and sent; options left unset keep the server's values.
  - Port groups, ports and AXL servers are managed by M(cupi.telephony.port_group),
    M(cupi.telephony.ports) and M(cupi.telephony.axl_servers).
extends_documentation_fragment:
  - cupi.telephony.connection
  - cupi.telephony.connection.hostname
  - cupi.telephony.connection.attributes
options:
  name:
    description:
      - The display name of the phone system; unique on the server (case does not matter
        when looking it up).
    type: str
    required: true
  state:
    description:
      - V(present) creates the phone system or updates it to match the options given.
      - V(absent) deletes it. The server deletes its port groups and ports with it, and
        refuses while users are associated with the phone system (see the
        C(phone_system_associations) subset of M(cupi.telephony.telephony_info)).
    type: str
    choices: [present, absent]
    default: present
  settings:
    description:
      - Every option of this module but O(name) and O(state) (and the connection options), as
        one dictionary keyed by option name, as a phone system's C(settings) in the integration
        role's data (see the examples).
      - Each key is checked as the option of that name (type, choices, ranges) before any
        request. A key that is no such option, or an option given both here and on its own in
        the task, is an error that names it. C(settings) overrides what C(module_defaults) set.
    type: dict
  mwi_always_update:
    description: Send message waiting indicator requests to the phone system even when the indicator is already in the requested state.
    type: bool
  mwi_port_memory:
    description: Use the same port to turn a message waiting indicator off that turned it on.
    type: bool
  mwi_force_off:
    description: Never turn message waiting indicators on (for example while migrating users).
    type: bool
  call_loop_supervised_transfer_detect:
    description: Detect call loops on supervised transfers.
    type: bool
  call_loop_forward_notification_detect:
    description: Detect call loops on forwarded notification calls.
    type: bool
  call_loop_extension_detect:
    description: Detect call loops by extension.
    type: bool
  call_loop_dtmf:
    description: The DTMF digit Unity Connection sends to detect a call loop.
    type: str
    choices: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', A, B, C, D]
  call_loop_guard_time_ms:
    description: Milliseconds to wait for the call loop DTMF digit to come back; 0 to 10000.
    type: int
  enable_phone_applications:
    description: Allow phone applications (such as Visual Voicemail on the phone) for this phone system.
    type: bool
  default_trap_switch:
    description: Use this phone system for Telephone Record and Playback (TRaP) by default.
    type: bool
  restrict_dial_unconditional:
    description: Always restrict outbound dialing on this phone system.
    type: bool
  restrict_dial_scheduled:
    description: Restrict outbound dialing between O(restrict_dial_start_time) and O(restrict_dial_end_time).
    type: bool
  restrict_dial_start_time:
    description: Start of the dial restriction window, in minutes after midnight (0 to 1439).
    type: int
  restrict_dial_end_time:
    description: End of the dial restriction window, in minutes after midnight (0 to 1439).
    type: int
seealso:
  - module: cupi.telephony.axl_servers
  - module: cupi.telephony.telephony_info
author:
  - cupi.telephony maintainers (@cupi-telephony)
"""

EXAMPLES = r"""
- name: Create the CUCM phone system
  cupi.telephony.phone_system:
    hostname: cuc.example.com
    username: admin
    password: "{{ vault_cuc_password }}"
    ca_path: /etc/pki/cuc-ca.pem
    name: CUCM-HQ
    mwi_port_memory: true
    call_loop_guard_time_ms: 3000

- name: Phone systems from data, their settings as one dictionary each
  cupi.telephony.phone_system:
    name: "{{ item.name }}"
    settings: "{{ item.settings }}"
  loop:
    - {name: CUCM-HQ, settings: {mwi_port_memory: true, call_loop_guard_time_ms: 3000}}
    - {name: CUCM-BR, settings: {mwi_force_off: false}}
  loop_control:
    label: "{{ item.name }}"

- name: Set the connection once for every cupi.telephony task
  module_defaults:
    group/cupi.telephony.cupi:
      hostname: cuc.example.com
      username: admin
      password: "{{ vault_cuc_password }}"
  block:
    - name: Restrict dialing at night
      cupi.telephony.phone_system:
        name: CUCM-HQ
        restrict_dial_scheduled: true
        restrict_dial_start_time: 1200  # 20:00
        restrict_dial_end_time: 360     # 06:00

    - name: Remove a lab phone system (and its port groups and ports)
      cupi.telephony.phone_system:
        name: CUCM-LAB
        state: absent
"""

RETURN = r"""
msg:
  description: What happened, in one line.
  returned: always
  type: str
  sample: phone system CUCM-HQ updated (call_loop_guard_time_ms)
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
    - method: PUT
      path: /vmrest/phonesystems/4fa8a3c8-44b5-4d57-9f09-1a4b0d8c0c3e
      body:
        CallLoopGuardTimeMs: "1000"
      why: "changed: call_loop_guard_time_ms"
differences:
  description:
    - What differs between the server and the task (what changed, or in check mode what would change);
      the object created or deleted, or each field that differs with the server's value (V(before))
      and the task's (V(after)). Secrets show as V((secret)).
  returned: always
  type: list
  elements: dict
  sample:
    - object: phone system CUCM-HQ
      kind: phone system
      name: "CUCM-HQ"
      parent: null
      action: update
      field: call_loop_guard_time_ms
      before: 500
      after: 1000
phone_system:
  description:
    - The phone system after the task (as it would be, in check mode), with the
      module's option names; empty when it is absent.
    - A new one shows what the task sent and its C(object_id); what the server derives and its
      defaults for the rest show on the next read (see M(cupi.telephony.telephony_info)), never
      guessed. After an update the object is read back (one request), so the fields the server
      derives (such as C(reset_status)) are the server's. In check mode, the object as it would
      be, with what the server would derive predicted.
  returned: always
  type: dict
  sample:
    name: CUCM-HQ
    object_id: 4fa8a3c8-44b5-4d57-9f09-1a4b0d8c0c3e
    mwi_always_update: false
    mwi_port_memory: true
    mwi_force_off: false
    call_loop_supervised_transfer_detect: false
    call_loop_forward_notification_detect: false
    call_loop_extension_detect: true
    call_loop_dtmf: A
    call_loop_guard_time_ms: 3000
    enable_phone_applications: false
    default_trap_switch: true
    restrict_dial_unconditional: false
    restrict_dial_scheduled: false
    restrict_dial_start_time: 0
    restrict_dial_end_time: 0
    port_count: 0
dependents:
  description:
    - What the server deletes with the phone system, read before the delete. In check mode,
      what it would delete. O(state=absent) only, and only when the phone system existed.
    - C(msg) names the same, for example V(phone system CUCM-HQ deleted with 2 port groups
      (CUCM-HQ-SIP, CUCM-HQ-SCCP\) and 6 ports).
  returned: when O(state=absent) deletes the phone system
  type: dict
  contains:
    port_groups:
      description: The port groups of the phone system, in the order the server lists them.
      type: list
      elements: dict
      returned: always
      contains:
        name:
          description: The name of the port group.
          type: str
          returned: always
        integration:
          description: Its integration method (V(sccp), V(sip) or V(pimg)).
          type: str
          returned: always
        port_count:
          description: The number of its ports.
          type: int
          returned: always
    ports:
      description: The number of ports of all these port groups.
      type: int
      returned: always
  sample:
    port_groups:
      - name: CUCM-HQ-SIP
        integration: sip
        port_count: 2
      - name: CUCM-HQ-SCCP
        integration: sccp
        port_count: 4
    ports: 6
error:
  description: The failed request, when the server refused it.
  returned: on a server error
  type: dict
  sample:
    status: 400
    code: INVALID_PARAMETER
    message: Invalid parameter. Parameter = [CallLoopGuardTimeMs], Value = [20000]
    method: PUT
    path: /vmrest/phonesystems/4fa8a3c8-44b5-4d57-9f09-1a4b0d8c0c3e
"""

from ansible_collections.cupi.telephony.plugins.module_utils.base import object_argspec, run_module
from ansible_collections.cupi.telephony.plugins.module_utils.objects import ObjectRunner
from ansible_collections.cupi.telephony.plugins.module_utils.resources import PHONE_SYSTEM
from ansible_collections.cupi.telephony.plugins.module_utils.telephony import dependents_phrase, phone_system_dependents


class Runner(ObjectRunner):
    resource = PHONE_SYSTEM
    result_key = "phone_system"
    argument_spec = object_argspec(PHONE_SYSTEM)
    not_settings = ("name", "state")

    def dependents(self, current_raw):
        return phone_system_dependents(self, current_raw)

    def dependents_phrase(self, gone):
        return dependents_phrase(gone)


def main():
    run_module(Runner)


if __name__ == "__main__":
    main()
