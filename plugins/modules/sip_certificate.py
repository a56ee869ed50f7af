#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sip_certificate
short_description: Manage Unity Connection SIP certificates
version_added: 0.1.0
description:
  - Creates, updates and deletes a SIP certificate through the CUPI REST API
    (C(/vmrest/sipcertificates)). A certificate is found by its display name, O(name).
    The server generates the certificate and its private key from O(subject_name).
  - Cisco's reference documents list, get, update and delete of SIP certificates, not
    create. The module still tries the create; when the server refuses it (HTTP 404, 405 or
    501) the module fails and says to add the certificate in Unity Connection
    Administration (Telephony Integrations > Security > SIP Certificate) under O(name). From
    then on the module manages it by name.
  - The certificate body and its private key, which the server returns on every read, are
    never part of this module's results, diffs or logs.
  - Port groups refer to a certificate by name
    (O(cupi.telephony.port_group#module:sip_certificate)). The server refuses to delete a
    certificate a port group uses; the error names the port group.
extends_documentation_fragment:
  - cupi.telephony.connection
  - cupi.telephony.connection.hostname
  - cupi.telephony.connection.attributes
options:
  name:
    description: The display name of the certificate (at most 64 characters); unique on the server.
    type: str
    required: true
  subject_name:
    description:
      - The subject name of the certificate (at most 64 characters); Unified CM's SIP trunk
        security profile must name the same. Needed to create the certificate. Changing it
        issues a new certificate and leaves the port groups that use it needing a reset.
    type: str
  state:
    description: V(present) creates or updates the certificate, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Cisco documents listing, reading, changing and deleting SIP certificates; creating one
    through the API is what the server's administration pages do and may not be available
    on every Unity Connection release.
seealso:
  - module: cupi.telephony.port_group
  - module: cupi.telephony.sip_security_profile
author:
  - cupi.telephony maintainers (@cupi-telephony)
"""

EXAMPLES = r"""
- name: The certificate the TLS port group presents
  cupi.telephony.sip_certificate:
    hostname: cuc.example.com
    username: admin
    password: "{{ vault_cuc_password }}"
    name: cuc-sip
    subject_name: cuc-sip.example.com
"""

RETURN = r"""
msg:
  description: What happened, in one line.
  returned: always
  type: str
  sample: SIP certificate cuc-sip created
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
      path: /vmrest/sipcertificates
      body:
        DisplayName: "CUC-SIP-TLS"
        SubjectName: "cuc.example.com"
      why: "SIP certificate CUC-SIP-TLS does not exist"
differences:
  description:
    - What differs between the server and the task (what changed, or in check mode what would change);
      the object created or deleted, or each field that differs with the server's value (V(before))
      and the task's (V(after)). Secrets show as V((secret)).
  returned: always
  type: list
  elements: dict
  sample:
    - object: SIP certificate cuc-sip
      kind: SIP certificate
      name: "cuc-sip"
      parent: null
      action: create
      field: null
      before: null
      after: null
sip_certificate:
  description:
    - The certificate after the task (as it would be, in check mode); empty when it is
      absent. Neither the certificate body nor the private key.
    - Not read back after a change. It holds the fields the server showed before, with those the
      task sent; a new one shows what the task sent and its C(object_id) (server defaults
      for the rest show on the next read, see M(cupi.telephony.telephony_info)).
  returned: always
  type: dict
  sample:
    name: cuc-sip
    subject_name: cuc-sip.example.com
    object_id: 2654ba6a-ae1a-4935-a8cc-c1cf7199f695
"""

from ansible_collections.cupi.telephony.plugins.module_utils.base import object_argspec, run_module
from ansible_collections.cupi.telephony.plugins.module_utils.objects import ObjectRunner
from ansible_collections.cupi.telephony.plugins.module_utils.resources import SIP_CERTIFICATE


class Runner(ObjectRunner):
    resource = SIP_CERTIFICATE
    result_key = "sip_certificate"
    required_on_create = ("subject_name",)
    create_unsupported = (
        "this Unity Connection does not create SIP certificates through CUPI (the reference documents "
        "list, get, update and delete only). Add the certificate in Unity Connection Administration "
        "(Telephony Integrations > Security > SIP Certificate) with this name; the module then manages "
        "it by name")
    argument_spec = object_argspec(SIP_CERTIFICATE)


def main():
    run_module(Runner)


if __name__ == "__main__":
    main()
