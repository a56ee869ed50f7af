# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an audit takes as not given: the lookup undefined_secrets finds the variables the
passwords refer to that are not defined; the plan drops the stand-ins the audit gives them."""

from __future__ import annotations

import os

import yaml

from ansible_collections.cupi.telephony.plugins.filter.integration import NOT_GIVEN, integration_plan
from ansible_collections.cupi.telephony.plugins.lookup.undefined_secrets import LookupModule

from ...roles.test_roles import EXAMPLE, REPO


def undefined(variables, *terms):
    return LookupModule().run(list(terms), variables=variables)


def test_the_example_needs_its_axl_password():
    with open(EXAMPLE) as handle:
        example = yaml.safe_load(handle)
    assert undefined(example) == ["vault_axl_password"]
    assert undefined(dict(example, vault_axl_password="x")) == []


def test_followed_through_variables_and_with_the_exports_list():
    variables = {
        "cupi_phone_systems": "{{ hq }}",
        "hq": [{"name": "X", "axl_servers": [{"host": "a", "password": "{{ axl }}"}],
                "port_groups": [{"name": "P", "settings": {"sip_authenticate_password": "{{ vault_sip | trim }}",
                                                           "sip_authenticate_as_user": "{{ not_a_secret }}"}}]}],
        "axl": "{{ vault_axl }}",
        "cupi_secrets_required": ["cupi_secret_b", "cupi_secret_a"],
        "cupi_secret_b": "defined",
    }
    assert undefined(variables) == ["cupi_secret_a", "vault_axl", "vault_sip"]
    assert undefined({"other": [{"password": "{{ x }}"}]}, "other") == ["x"]
    assert undefined({}) == []


def test_the_plan_drops_the_stand_ins_only():
    systems = [{"name": "X", "axl_servers": [{"host": "a", "password": NOT_GIVEN}, {"host": "b", "password": "pw"}],
                "port_groups": [{"name": "P", "integration": "sip", "host": "h",
                                 "settings": {"sip_authenticate_password": NOT_GIVEN, "enable_mwi": True}}]}]
    plan = integration_plan(systems)
    assert plan["axl_servers"][0]["servers"] == [{"host": "a"}, {"host": "b", "password": "pw"}]
    assert plan["port_groups"][0]["settings"] == {"enable_mwi": True}


def test_the_audit_gives_the_stand_in_the_plan_drops():
    with open(os.path.join(REPO, "roles", "integration", "tasks", "audit_secrets.yml")) as handle:
        tasks = yaml.safe_load(handle)
    assert tasks[1]["ansible.builtin.set_fact"] == {"{{ item }}": NOT_GIVEN}
