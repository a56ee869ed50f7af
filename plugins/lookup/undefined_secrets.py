# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
name: undefined_secrets
author: cupi.telephony maintainers (@cupi-telephony)
version_added: 0.2.0
short_description: The variables the integration's passwords refer to that are not defined
description:
  - Reads the variables of the C(cupi.telephony.integration) role as they are given, before
    any templating, and returns the variables that their AXL passwords (C(axl_servers[].password))
    and SIP passwords (C(settings.sip_authenticate_password)) refer to and that are not defined
    (C(vault_axl_password) without the vault file, an export's C(cupi_secret_...)), with the
    undefined variables of C(cupi_secrets_required); sorted, each once.
  - A variable defined as a template of other variables is followed to them.
  - The collection's audit playbooks (C(cupi.telephony.drift), C(cupi.telephony.compare),
    C(cupi.telephony.check)) take such passwords as not given, since an audit sends none.
options:
  _terms:
    description: The variables to read; C(cupi_phone_systems) when none are named.
    type: list
    elements: str
    required: false
"""

EXAMPLES = r"""
- name: The passwords an apply would need, not defined yet
  ansible.builtin.debug:
    msg: "{{ query('cupi.telephony.undefined_secrets') }}"
"""

RETURN = r"""
_raw:
  description: The names of the variables not defined, sorted.
  type: list
  elements: str
"""

import re

from ansible.plugins.lookup import LookupBase
from jinja2 import Environment, meta
from jinja2.exceptions import TemplateSyntaxError

SECRET_KEYS = ("password", "sip_authenticate_password")
# How deep a variable defined as a template of another one is followed.
DEPTH = 8
_ENVIRONMENT = Environment()


def references(text):
    """The variables a template refers to (none for a plain string)."""
    if not isinstance(text, str) or not re.search(r"{{|{%", text):
        return set()
    try:
        return meta.find_undeclared_variables(_ENVIRONMENT.parse(str(text)))
    except TemplateSyntaxError:
        return set()


def secret_values(value, variables, depth=0):
    """The values of the secret keys in ``value``, as given; a value that is only a template
    (``"{{ hq_phone_systems }}"``) is followed to the variables it names."""
    if depth > DEPTH:
        return []
    if isinstance(value, dict):
        found = [value[k] for k in SECRET_KEYS if k in value]
        for key, item in value.items():
            if key not in SECRET_KEYS:
                found += secret_values(item, variables, depth + 1)
        return found
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in secret_values(item, variables, depth + 1)]
    return [v for name in sorted(references(value)) if name in variables
            for v in secret_values(variables[name], variables, depth + 1)]


def undefined(names, variables, depth=0):
    """Of ``names``, those not defined, and those their definitions refer to."""
    missing = set()
    for name in names:
        if name not in variables:
            missing.add(name)
        elif depth < DEPTH:
            missing |= undefined(references(variables[name]), variables, depth + 1)
    return missing


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        variables = variables or {}
        names = set()
        for term in terms or ["cupi_phone_systems"]:
            for value in secret_values(variables.get(term), variables):
                names |= references(value)
        required = variables.get("cupi_secrets_required")
        if isinstance(required, (list, tuple)):
            names |= set(str(n) for n in required)
        return sorted(undefined(names, variables))
