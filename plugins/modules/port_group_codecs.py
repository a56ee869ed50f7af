#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: port_group_codecs
short_description: Manage the codecs a Unity Connection port group advertises
version_added: 0.1.0
description:
  - Manages the codecs (G.711 mu-law, G.711 a-law, G.722, G.729, iLBC, ...) a port group
    advertises, with their packet size and order of preference, through
    C(/vmrest/portgroups/<id>/portgroupcodecs).
  - Codecs are matched on O(codecs[].name). The server cannot update a codec; a codec whose
    packet size or preference changes is removed and added again. The port group never
    ends up without a codec along the way.
  - Changing the codecs leaves the port group needing a reset; see
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
      - V(merged) makes every listed codec advertised as given and leaves other codecs alone.
      - V(replaced) makes the listed codecs the only ones, in the order listed.
      - V(deleted) removes the listed codecs, or every codec when O(codecs) is empty (the
        server may refuse to remove the last one).
    type: str
    choices: [merged, replaced, deleted]
    default: merged
  codecs:
    description: The codecs.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - The codec's name as the server lists it (see the C(rtp_codecs) subset of
            M(cupi.telephony.telephony_info)), for example V(G.711 mu-law) or V(G.729).
        type: str
        required: true
      packet_size:
        description: The preferred packet size in milliseconds. The server's default is 20.
        type: int
        choices: [10, 20, 30]
      preference:
        description:
          - The codec's place in the order of preference (lower first), 0 to 9999. Cisco's codec create
            sends no preference, and no page of the reference shows one, so it is never sent
            nor compared; it only orders the list. The server lists codecs in the order they
            were added, and that order is the order of preference.
          - The codecs are taken in the order of this option, those without it after, in list
            order. With O(state=replaced), codecs out of that order are removed and added again.
        type: int
seealso:
  - module: cupi.telephony.port_group
  - module: cupi.telephony.port_group_reset
author:
  - cupi.telephony maintainers (@cupi-telephony)
"""

EXAMPLES = r"""
- name: G.711 mu-law first, then G.729, nothing else
  cupi.telephony.port_group_codecs:
    hostname: cuc.example.com
    username: admin
    password: "{{ vault_cuc_password }}"
    port_group: CUCM-HQ-SIP
    state: replaced
    codecs:
      - {name: G.711 mu-law, packet_size: 20}
      - {name: G.729, packet_size: 30}

- name: Stop advertising iLBC
  cupi.telephony.port_group_codecs:
    port_group: CUCM-HQ-SIP
    state: deleted
    codecs:
      - name: iLBC
"""

RETURN = r"""
msg:
  description: What happened, in one line.
  returned: always
  type: str
  sample: "codecs of port group CUCM-HQ-SIP: 1 added, 1 updated, 0 removed"
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
      path: /vmrest/portgroups/0f4c6e1e-1c1a-4f4e-9c47-3a0b8e1d2c55/portgroupcodecs
      body:
        MediaPortGroupObjectId: "0f4c6e1e-1c1a-4f4e-9c47-3a0b8e1d2c55"
        RtpCodecDefObjectId: "3c0d2a7e-1b6f-4e2a-9d4c-5f8e7a6b1c20"
        PreferredPacketSizeMs: "20"
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
    - object: port group codec G.729 of port group CUCM-HQ-SIP
      kind: port group codec
      name: "G.729"
      parent: port group CUCM-HQ-SIP
      action: delete
      field: null
      before: null
      after: null
duplicates:
  description:
    - The codecs removed because an earlier one on the server has the same name (two writers,
      or a change in the administration pages), as they were; each also has a C(delete) entry
      in RV(differences) and a request in RV(requests). V(merged) collapses the duplicates of
      the listed codecs, V(replaced) every duplicate. Empty when there were none.
  returned: always
  type: list
  elements: dict
  sample: []
before:
  description: The codecs before the task.
  returned: always
  type: list
  elements: dict
  sample:
    - name: G.711 mu-law
      packet_size: 20
      preference: 1
      object_id: 2e2b5b53-4b8e-4f7e-9bb0-2f3f0b9d6c01
after:
  description:
    - The codecs after the task (as they would be, in check mode).
    - Not read back after a change. It holds the fields the server showed before, with those the
      task sent, in the order the server lists them; a new one shows what the task sent and
      its C(object_id) (server defaults for the rest show on the next read).
  returned: always
  type: list
  elements: dict
port_group_codecs:
  description: The same as RV(after).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.cupi.telephony.plugins.module_utils.base import run_module
from ansible_collections.cupi.telephony.plugins.module_utils.children import ChildListRunner, children_argspec
from ansible_collections.cupi.telephony.plugins.module_utils.resources import PORT_GROUP_CODEC, RTP_CODEC


class Runner(ChildListRunner):
    resource = PORT_GROUP_CODEC
    items_option, result_key = "codecs", "port_group_codecs"
    label = "codecs of port group %s"
    argument_spec = children_argspec(PORT_GROUP_CODEC, "codecs")

    def spare(self, child):
        for codec in self.list_objects(RTP_CODEC):
            if RTP_CODEC.name_of(codec).lower() != child["name"].lower():
                return dict(name=RTP_CODEC.name_of(codec))
        return None


def main():
    run_module(Runner)


if __name__ == "__main__":
    main()
