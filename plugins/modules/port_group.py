#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: port_group
short_description: Manage Unity Connection port groups (SCCP, SIP, PIMG/TIMG)
version_added: 0.1.0
description:
  - Creates, updates and deletes a port group of a phone system through the CUPI REST API
    (C(/vmrest/portgroups)). The port group is found by its display name, O(name).
  - The port group template is chosen from O(integration); no id is ever asked for. The
    phone system, the SIP security profile and the SIP certificate are given by name (the
    profile by its port).
  - Only the options that are set are compared and sent.
  - Changing the servers, codecs, SIP security profile, SIP certificate, TLS mode or transport
    protocol leaves the port group needing a reset (its C(reset_status) is
    V(required)); reset it with M(cupi.telephony.port_group_reset).
extends_documentation_fragment:
  - cupi.telephony.connection
  - cupi.telephony.connection.hostname
  - cupi.telephony.connection.attributes
options:
  name:
    description: The display name of the port group (at most 64 characters); unique on the server.
    type: str
    required: true
  state:
    description:
      - V(present) creates the port group or updates it to match the options given.
      - V(absent) deletes it. The server deletes its ports, servers and codecs with it.
    type: str
    choices: [present, absent]
    default: present
  phone_system:
    description:
      - The name of the phone system the port group belongs to. Needed to create the port
        group; it cannot change afterwards (an error says so).
    type: str
  integration:
    description:
      - The integration method; picks the port group template. Needed to create the port
        group; it cannot change afterwards (an error says so; delete and create instead).
      - V(pimg) is the SIP to DMG/PIMG/TIMG integration.
    type: str
    choices: [sccp, sip, pimg]
  host:
    description:
      - Host name or IP address of the Unified CM server, SIP proxy or gateway the port
        group connects to first. Needed to create the port group; the server turns it into
        the port group's first server. Only used at creation; manage servers afterwards
        with M(cupi.telephony.port_group_servers).
    type: str
  device_prefix:
    description:
      - SCCP only, at creation, and required then. The prefix of the voice messaging port
        device names in Unified CM (at most 48 characters), for example C(CiscoUM1-VI). It
        cannot change afterwards, so a wrong one means deleting the port group and creating
        it again. Refused for V(sip) and V(pimg).
    type: str
  update_password:
    description:
      - V(on_create) sends O(sip_authenticate_password) only when the port group is created;
        given for a port group that exists, it is neither compared nor sent, and the task warns
        (RV(passwords_not_sent)).
      - V(always) sends it on every run (and so reports a change each time).
    type: str
    choices: [always, on_create]
    default: on_create
  settings:
    description:
      - Every option of this module but O(name), O(state), O(phone_system), O(integration),
        O(host), O(device_prefix) and O(update_password) (and the connection options), as one
        dictionary keyed by option name, as a port group's C(settings) in the integration role's
        data (see the examples).
      - Each key is checked as the option of that name (type, choices, ranges) before any
        request. A key that is no such option, or an option given both here and on its own in
        the task, is an error that names it. C(settings) overrides what C(module_defaults) set.
    type: dict
  enable_mwi:
    description: Send message waiting indicator on and off requests through this port group.
    type: bool
  mwi_on_code:
    description: The code (extension) dialled to turn message waiting indicators on (SCCP and PIMG).
    type: str
  mwi_off_code:
    description: The code (extension) dialled to turn message waiting indicators off.
    type: str
  mwi_max_concurrent_requests:
    description: The most MWI requests in progress at once, 0 to 250.
    type: int
  mwi_retry_count_on_success:
    description: How many times to repeat an MWI request that succeeded, 0 to 10.
    type: int
  mwi_retry_interval_on_success_ms:
    description: Milliseconds between repeated MWI requests, 0 to 100.
    type: int
  mwi_min_request_interval_ms:
    description: Least milliseconds between two MWI requests, 0 to 5000.
    type: int
  mwi_port_specific:
    description: Send MWI requests only through the ports set to send them.
    type: bool
  preferred_call_control:
    description: The IP version for call control when the cluster uses both (IPv4 and IPv6).
    type: str
    choices: [ipv4, ipv6, ipv4_ipv6]
  sip_preferred_media:
    description: The IP version preferred for media in SDP offers when both are in use (SIP and PIMG).
    type: str
    choices: [ipv4, ipv6, ipv4_ipv6]
  sip_register_with_proxy_server:
    description: Register with the SIP proxy server (SIP and PIMG).
    type: bool
  sip_authenticate:
    description: Authenticate with the SIP proxy server (SIP and PIMG).
    type: bool
  sip_authenticate_as_user:
    description: The user name for SIP authentication (at most 64 characters).
    type: str
  sip_authenticate_password:
    description: The password for SIP authentication; never returned. See O(update_password).
    type: str
  sip_contact_line_name:
    description: The contact line name (the extension of the lines of the group), at most 64 characters.
    type: str
  sip_security_profile:
    description:
      - The SIP security profile, by its port (for example V(5060), or V(5061) for the TLS
        profile); see M(cupi.telephony.sip_security_profile). SIP and PIMG only.
    type: int
  sip_certificate:
    description:
      - The SIP certificate, by name; used with a TLS security profile. SIP and PIMG only.
      - An empty string removes the certificate.
    type: str
  sip_transport_protocol:
    description: The SIP transport (SIP and PIMG).
    type: str
    choices: [udp, tcp]
  sip_tls_mode:
    description: The TLS mode with a TLS security profile.
    type: str
    choices: [authenticated, encrypted]
  sip_srtp:
    description: Encrypt the audio (SRTP) with a TLS security profile.
    type: bool
  sip_rpid_display_name:
    description: The name Unity Connection puts in the SIP Remote-Party-ID header (at most 64 characters).
    type: str
  sip_dtmf_kpml:
    description: Accept KPML subscriptions for DTMF (SIP and PIMG).
    type: bool
  sip_dtmf_rfc2833:
    description: Advertise RFC 2833 DTMF (SIP and PIMG).
    type: bool
  ccm_auto_failback:
    description: Fail back to the primary Unified CM server when it is available again.
    type: bool
  delay_before_opening_ms:
    description: Milliseconds to wait after answering before playing the greeting, 0 to 3000.
    type: int
  outgoing_guard_time_ms:
    description: Milliseconds a port must be on-hook before an outgoing call, 0 to 10000.
    type: int
  outgoing_pre_dial_delay_ms:
    description: Milliseconds to wait before dialling, 0 to 3000.
    type: int
  outgoing_post_dial_delay_ms:
    description: Milliseconds to wait after dialling, 0 to 3000.
    type: int
  dtmf_dial_inter_digit_delay_ms:
    description: Milliseconds between DTMF digits when dialling, 0 to 500.
    type: int
  recording_dtmf_clip_ms:
    description: Milliseconds cut from the end of a recording ended with a key press, 0 to 300.
    type: int
  recording_tone_extra_clip_ms:
    description: More milliseconds cut from the end of a recording ended by a tone, 0 to 5000.
    type: int
  wait_for_call_info_ms:
    description: Milliseconds to wait for call information after answering, 0 to 10000.
    type: int
  enable_agc:
    description: Normalise the audio level of recordings and messages.
    type: bool
  noise_free_enable:
    description: Reduce noise in recordings.
    type: bool
seealso:
  - module: cupi.telephony.port_group_servers
  - module: cupi.telephony.port_group_codecs
  - module: cupi.telephony.port_group_reset
author:
  - cupi.telephony maintainers (@cupi-telephony)
"""

EXAMPLES = r"""
- name: A SIP port group towards the CUCM publisher
  cupi.telephony.port_group:
    hostname: cuc.example.com
    username: admin
    password: "{{ vault_cuc_password }}"
    name: CUCM-HQ-SIP
    phone_system: CUCM-HQ
    integration: sip
    host: 10.1.1.10
    sip_transport_protocol: tcp
    enable_mwi: true

- name: An SCCP port group
  cupi.telephony.port_group:
    name: CUCM-HQ-SCCP
    phone_system: CUCM-HQ
    integration: sccp
    host: 10.1.1.10
    device_prefix: CiscoUM1-VI

- name: Switch the SIP port group to TLS (it then needs a reset)
  cupi.telephony.port_group:
    name: CUCM-HQ-SIP
    sip_security_profile: 5061
    sip_certificate: cuc-sip
    sip_tls_mode: encrypted

- name: Port groups from data, their settings as one dictionary each
  cupi.telephony.port_group:
    name: "{{ item.name }}"
    phone_system: CUCM-HQ
    integration: sip
    host: "{{ item.host }}"
    settings: "{{ item.settings }}"
  loop:
    - {name: CUCM-HQ-SIP, host: 10.1.1.10, settings: {enable_mwi: true, sip_transport_protocol: tcp}}
    - {name: CUCM-BR-SIP, host: 10.2.1.10, settings: {enable_mwi: false}}
  loop_control:
    label: "{{ item.name }}"

- name: Remove a port group and its ports
  cupi.telephony.port_group:
    name: OLD-PIMG
    state: absent
"""

RETURN = r"""
msg:
  description: What happened, in one line.
  returned: always
  type: str
  sample: port group CUCM-HQ-SIP updated (sip_security_profile, sip_certificate)
passwords_not_sent:
  description:
    - The port group, when it exists and was given O(sip_authenticate_password) that, with
      O(update_password=on_create), was neither compared (the server never returns it) nor sent;
      the task then warns. O(update_password=always) sends it.
  returned: success
  type: list
  elements: str
  sample: [port group CUCM-HQ-SIP]
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
      path: /vmrest/portgroups/0f4c6e1e-1c1a-4f4e-9c47-3a0b8e1d2c55
      body:
        SipTransportProtocolEnum: "11"
      why: "changed: sip_transport_protocol"
differences:
  description:
    - What differs between the server and the task (what changed, or in check mode what would change);
      the object created or deleted, or each field that differs with the server's value (V(before))
      and the task's (V(after)). Secrets show as V((secret)).
  returned: always
  type: list
  elements: dict
  sample:
    - object: port group CUCM-HQ-SIP
      kind: port group
      name: "CUCM-HQ-SIP"
      parent: null
      action: update
      field: dtmf_dial_inter_digit_delay_ms
      before: 100
      after: 200
port_group:
  description:
    - The port group after the task (as it would be, in check mode), with the module's
      option names, the read-only C(reset_status) (V(not_required), V(required),
      V(in_progress)) and C(port_count); empty when it is absent. Never the SIP password.
    - A new one shows what the task sent and its C(object_id); what the server derives and its
      defaults for the rest show on the next read (see M(cupi.telephony.telephony_info)), never
      guessed. After an update the object is read back (one request), so the fields the server
      derives (such as C(reset_status)) are the server's. In check mode, the object as it would
      be, with what the server would derive predicted.
  returned: always
  type: dict
  sample:
    name: CUCM-HQ-SIP
    object_id: 74a008c0-bdc6-4e4b-a304-8a220a081990
    phone_system: CUCM-HQ
    integration: sip
    enable_mwi: true
    sip_transport_protocol: tcp
    sip_security_profile: 5060
    reset_status: not_required
    port_count: 0
dependents:
  description:
    - What the server deletes with the port group, read before the delete (its servers and
      codecs go too). In check mode, what it would delete. O(state=absent) only, and only
      when the port group existed.
    - C(msg) names the same, for example V(port group CUCM-HQ-SIP deleted with 2 ports
      (CUCM-HQ-SIP-001, CUCM-HQ-SIP-002\)).
  returned: when O(state=absent) deletes the port group
  type: dict
  contains:
    ports:
      description: The names of its ports, by number.
      type: list
      elements: str
      returned: always
    port_count:
      description: The number of its ports.
      type: int
      returned: always
  sample:
    ports: [CUCM-HQ-SIP-001, CUCM-HQ-SIP-002]
    port_count: 2
"""

from ansible_collections.cupi.telephony.plugins.module_utils.base import object_argspec, run_module
from ansible_collections.cupi.telephony.plugins.module_utils.objects import ObjectRunner
from ansible_collections.cupi.telephony.plugins.module_utils.passwords import not_sent, passwords_result
from ansible_collections.cupi.telephony.plugins.module_utils.resources import PORT_GROUP
from ansible_collections.cupi.telephony.plugins.module_utils.spec import device_prefix_error, object_label
from ansible_collections.cupi.telephony.plugins.module_utils.telephony import dependents_phrase, port_group_dependents, template_id


class Runner(ObjectRunner):
    resource = PORT_GROUP
    result_key = "port_group"
    required_on_create = ("phone_system", "integration", "host")
    argument_spec = object_argspec(PORT_GROUP, update_password=True)
    not_settings = ("name", "state", "phone_system", "integration", "host", "device_prefix", "update_password")

    @property
    def required_on_create(self):
        return ("phone_system", "integration", "host") + (
            ("device_prefix",) if self.params["integration"] == "sccp" else ())

    def check(self):
        error = device_prefix_error(self.params["integration"], self.params["device_prefix"])
        return super().check() + ([error] if error else [])

    def run(self):
        self.not_sent = []
        return passwords_result(self, super().run(), "sip_authenticate_password", self.not_sent)

    def plan_update(self, name, current, before, given):
        if not_sent(self, given, "sip_authenticate_password"):
            self.not_sent.append(object_label(PORT_GROUP.kind, name))
        return super().plan_update(name, current, before, given)

    def create_extra(self):
        return dict(MediaPortGroupTemplateObjectId=template_id(self, self.params["integration"]))

    def dependents(self, current_raw):
        return port_group_dependents(self, current_raw)

    def dependents_phrase(self, gone):
        return dependents_phrase(gone)


def main():
    run_module(Runner)


if __name__ == "__main__":
    main()
