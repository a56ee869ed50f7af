# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The JSON Schema of the integration role's data file (schemas/integration.schema.json),
which tools/gen_integration_role.py writes from the role's argument specification: what an
editor with yaml-language-server checks as the user types."""

from __future__ import annotations

import copy
import importlib.util
import json
import os

import jsonschema
import pytest
import yaml

from ansible_collections.cupi.telephony.plugins.filter.integration import export_vars
from ansible_collections.cupi.telephony.plugins.modules import ports

from .test_roles import EXAMPLE, REPO

SCHEMA = os.path.join(REPO, "schemas", "integration.schema.json")


def generator():
    spec = importlib.util.spec_from_file_location("gen_integration_role",
                                                  os.path.join(REPO, "tools", "gen_integration_role.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def validator():
    with open(SCHEMA) as handle:
        schema = json.load(handle)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def example():
    with open(EXAMPLE) as handle:
        return yaml.safe_load(handle)


def problems(validator, data):
    """Every error as (path, message), the alternatives of an anyOf included."""
    found, todo = [], list(validator.iter_errors(data))
    while todo:
        error = todo.pop()
        found.append((error.json_path, error.message))
        todo += error.context or []
    return found


def best(validator, data):
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    return (error.json_path, error.message) if error else None


# A server as telephony_info (gather_subset all) returns it, shaped as its RETURN samples.
INFO = dict(
    phone_systems=[dict(name="CUCM-HQ", object_id="ps-1", call_loop_guard_time_ms=2500, call_loop_dtmf="A",
                        mwi_port_memory=True, restrict_dial_start_time=0, port_count=8)],
    axl_servers=[dict(phone_system="CUCM-HQ", host="10.1.1.10", port=443, precedence=1, username="axluser",
                      pin_sync=True, object_id="axl-1"),
                 dict(phone_system="CUCM-HQ", host="10.1.1.11", port=443, precedence=2, username="axluser",
                      object_id="axl-2")],
    port_groups=[dict(name="CUCM-HQ-SIP", phone_system="CUCM-HQ", integration="sip", sip_transport_protocol="tcp",
                      sip_security_profile=5061, sip_certificate="cuc-sip", sip_tls_mode="encrypted",
                      sip_authenticate=True, sip_authenticate_as_user="cuc", mwi_max_concurrent_requests=4,
                      preferred_call_control="ipv4", sip_rpid_display_name="", reset_status="not_required",
                      port_count=4, object_id="pg-1"),
                 dict(name="CUCM-HQ-SCCP", phone_system="CUCM-HQ", integration="sccp", device_prefix="CiscoUM1-VI",
                      reset_status="required", port_count=2, object_id="pg-2")],
    port_group_servers=[dict(port_group="CUCM-HQ-SIP", type="sip_proxy", host="10.1.1.10", port=5060,
                             tls_port=5061, precedence=1, object_id="s-1"),
                        dict(port_group="CUCM-HQ-SCCP", type="cucm", host="10.1.1.10", port=2000, tls_port=2443,
                             precedence=1, state_machine="cucm", object_id="s-2")],
    port_group_codecs=[dict(port_group="CUCM-HQ-SIP", name="G.711 mu-law", packet_size=20, preference=1,
                            object_id="c-1")],
    ports=[dict(port_group="CUCM-HQ-SIP", name="CUCM-HQ-SIP-%03d" % n, number=n, vms_server="cuc-pub",
                answer_calls=n != 3, enabled=True, hunt_order=0, security_mode="non_secure", object_id="p-%d" % n)
           for n in range(1, 5)]
    + [dict(port_group="CUCM-HQ-SCCP", name="CUCM-HQ-SCCP-%03d" % n, number=n, vms_server="cuc-pub",
            answer_calls=True, security_mode="encrypted", object_id="q-%d" % n) for n in range(1, 3)],
    sip_security_profiles=[dict(sip_port=5060, tls=False, name="5060", object_id="sp-1"),
                           dict(sip_port=5061, tls=True, name="5061/TLS", object_id="sp-2")],
    sip_certificates=[dict(name="cuc-sip", subject_name="cuc-sip.example.com", object_id="cert-1")],
)


def test_the_committed_schema_is_what_the_generator_writes():
    with open(SCHEMA) as handle:
        assert generator().files()["schemas/integration.schema.json"] == handle.read()


def test_the_schema_is_shipped():
    with open(os.path.join(REPO, "galaxy.yml")) as handle:
        ignored = yaml.safe_load(handle)["build_ignore"]
    assert not [p for p in ignored if p.startswith("schemas") or p in ("*.json", "*.schema.json")]


def test_the_example_validates(validator):
    assert problems(validator, example()) == []


def test_an_export_validates(validator):
    exported = export_vars(INFO)
    # A real export: secrets as references to variables; the SIP ports differ (port 3 answers no calls).
    assert exported["cupi_secrets_required"] == ["cupi_secret_axl_cucm_hq_10_1_1_10",
                                                 "cupi_secret_axl_cucm_hq_10_1_1_11", "cupi_secret_sip_cucm_hq_sip"]
    sip = exported["cupi_phone_systems"][0]["port_groups"][1]
    assert sip["settings"]["sip_authenticate_password"] == "{{ cupi_secret_sip_cucm_hq_sip }}"
    # Through YAML, as the export role writes it.
    assert problems(validator, yaml.safe_load(yaml.safe_dump(exported))) == []


def test_vault_variables_and_templates_pass(validator):
    data = example()
    data.update(vault_axl_password="secret", cupi_secret_axl_x="pw", cupi_hosts="cuc")
    group = data["cupi_phone_systems"][0]["port_groups"][0]
    group["ports"]["count"] = "{{ vault_x }}"
    group["settings"]["sip_security_profile"] = "{{ tls_port | int }}"
    group["settings"]["sip_srtp"] = "{{ vault_srtp }}"
    group["codecs"][0]["packet_size"] = "{{ vault_x }}"
    data["cupi_phone_systems"][0]["settings"]["call_loop_dtmf"] = "{{ vault_digit }}"
    assert problems(validator, data) == []


@pytest.mark.parametrize("change, path, message", [
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][1].update(setings={"enable_mwi": True}),
     "$.cupi_phone_systems[0].port_groups[1]", "'setings' was unexpected"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][0]["settings"].update(sip_transport="tcp"),
     "$.cupi_phone_systems[0].port_groups[0].settings", "'sip_transport' was unexpected"),
    (lambda d: d.update(cupi_phone_system=[{"name": "X"}]), "$.cupi_phone_system", "should not be valid"),
    (lambda d: d.update(cupi_sip_certificate=[]), "$.cupi_sip_certificate", "should not be valid"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][0]["settings"].update(mwi_max_concurrent_requests=251),
     "$.cupi_phone_systems[0].port_groups[0].settings.mwi_max_concurrent_requests",
     "251 is greater than the maximum of 250"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][0]["ports"].update(count=7),
     "$.cupi_phone_systems[0].port_groups[0].ports.count", "7 is not a multiple of 2"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][0]["ports"].update(hunt_order=10000),
     "$.cupi_phone_systems[0].port_groups[0].ports.hunt_order", "10000 is greater than the maximum of 9999"),
    (lambda d: d["cupi_sip_security_profiles"][0].update(port=80),
     "$.cupi_sip_security_profiles[0].port", "80 is less than the minimum of 1024"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][0].update(name="x" * 65),
     "$.cupi_phone_systems[0].port_groups[0].name", "is too long"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][0].update(integration="h323"),
     "$.cupi_phone_systems[0].port_groups[0].integration", "'h323' is not one of ['sccp', 'sip', 'pimg']"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][0]["codecs"][0].update(packet_size=25),
     "$.cupi_phone_systems[0].port_groups[0].codecs[0].packet_size", "25 is not one of [10, 20, 30]"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][0]["settings"].update(sip_transport_protocol="tls"),
     "$.cupi_phone_systems[0].port_groups[0].settings.sip_transport_protocol", "'tls' is not one of ['udp', 'tcp']"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][1]["servers"][0].update(state_machine="cme"),
     "$.cupi_phone_systems[0].port_groups[1].servers[0].state_machine", "'cme' is not one of ['cucm', 'cucme']"),
    (lambda d: d["cupi_phone_systems"][0]["settings"].update(call_loop_guard_time_ms="3000ms"),
     "$.cupi_phone_systems[0].settings.call_loop_guard_time_ms", "'3000ms' is not of type 'integer'"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][0].pop("name"),
     "$.cupi_phone_systems[0].port_groups[0]", "'name' is a required property"),
])
def test_mistakes_fail_naming_the_path(validator, change, path, message):
    data = example()
    change(data)
    found = problems(validator, data)
    assert any(p == path and message in m for p, m in found), found
    # What jsonschema (and an editor) reports first points at the same place.
    assert best(validator, data)[0] == path


def test_choices_the_role_spec_words_are_enums_in_the_schema(validator):
    """portable() turns choices into words in the role's argument spec (for ansible-core
    2.16); the schema keeps them as enums."""
    with open(os.path.join(REPO, "roles", "integration", "meta", "argument_specs.yml")) as handle:
        role = yaml.safe_load(handle)["argument_specs"]["main"]["options"]
    worded = []

    def walk(spec, path):
        for name, option in (spec or {}).items():
            if "One of C(" in str(option.get("description")):
                worded.append(path + (name,))
            walk(option.get("options"), path + (name,))
    walk(role, ())
    assert ("cupi_phone_systems", "settings", "call_loop_dtmf") in worded
    assert ("cupi_phone_systems", "port_groups", "codecs", "packet_size") in worded
    for path in worded:
        node = validator.schema["properties"][path[0]]
        for name in path[1:]:
            node = unwrap(node)
            node = unwrap(node["items"]) if "items" in node else node
            node = node["properties"][name]
        assert "enum" in json.dumps(node), path


def unwrap(node):
    """The value schema of a property (the alternative to a Jinja2 template)."""
    return next((n for n in node["anyOf"] if "$ref" not in n), node) if "anyOf" in node else node


def test_the_offline_entry_point_has_mains_options():
    with open(os.path.join(REPO, "roles", "integration", "meta", "argument_specs.yml")) as handle:
        specs = yaml.safe_load(handle)["argument_specs"]
    assert specs["offline"]["options"] == specs["main"]["options"]


FAKE_DOC = dict(
    description="Fake nested option.", type="list", elements="dict",
    suboptions=dict(
        ports=dict(description="Which ports.", type="raw", required=True),
        hunt_order=dict(description="Their hunt order.", type="int"),
        security_mode=dict(description="Their mode.", type="str", choices=["non_secure", "encrypted"]),
        deeper=dict(description="A dict in the dict.", type="dict",
                    suboptions=dict(flag=dict(description="A flag deep down.", type="bool"))),
    ),
)
FAKE_SPEC = dict(type="list", elements="dict", options=dict(
    ports=dict(type="raw", required=True), hunt_order=dict(type="int"),
    security_mode=dict(type="str", choices=["non_secure", "encrypted"]),
    deeper=dict(type="dict", options=dict(flag=dict(type="bool")))))


def test_nested_module_options_flow_into_the_role_and_the_schema(monkeypatch):
    """A list-of-dicts option of the ports module (as ports.overrides is) reaches the role's
    task, both entry points and the schema with its suboptions, descriptions and ranges."""
    documentation = yaml.safe_load(ports.DOCUMENTATION)
    documentation["options"]["fake_nested"] = FAKE_DOC
    monkeypatch.setattr(ports, "DOCUMENTATION", yaml.safe_dump(documentation))
    monkeypatch.setattr(ports.Runner, "argument_spec", dict(ports.Runner.argument_spec, fake_nested=FAKE_SPEC))
    out = generator().files()

    assert 'fake_nested: "{{ item.fake_nested | default(omit) }}"' in out["roles/integration/tasks/ports.yml"]
    specs = yaml.safe_load(out["roles/integration/meta/argument_specs.yml"])["argument_specs"]
    for entry_point in ("main", "offline"):
        fake = specs[entry_point]["options"]["cupi_phone_systems"]["options"]["port_groups"]["options"]["ports"][
            "options"]["fake_nested"]
        assert fake["type"] == "list" and fake["elements"] == "dict"
        assert fake["description"] == "Fake nested option."
        assert fake["options"]["ports"] == dict(type="raw", required=True, description="Which ports.")
        # Choices of an optional suboption are said in words (ansible-core 2.16), as elsewhere.
        assert "choices" not in fake["options"]["security_mode"]
        assert "One of C(non_secure), C(encrypted)" in fake["options"]["security_mode"]["description"]
        assert fake["options"]["deeper"]["options"]["flag"] == dict(type="bool", description="A flag deep down.")

    validator = jsonschema.Draft7Validator(json.loads(out["schemas/integration.schema.json"]))
    data = example()
    ports_of = data["cupi_phone_systems"][0]["port_groups"][0]["ports"]
    ports_of["fake_nested"] = [{"ports": "3-4", "hunt_order": 2, "security_mode": "encrypted",
                                "deeper": {"flag": True}}, {"ports": 5}]
    assert problems(validator, data) == []
    where = "$.cupi_phone_systems[0].port_groups[0].ports.fake_nested"
    for change, path, message in (
            (dict(hunt_ordr=2), where + "[1]", "'hunt_ordr' was unexpected"),
            (dict(hunt_order=10000), where + "[1].hunt_order", "10000 is greater than the maximum of 9999"),
            (dict(security_mode="plain"), where + "[1].security_mode", "is not one of"),
            (dict(deeper={"flg": True}), where + "[1].deeper", "'flg' was unexpected")):
        wrong = copy.deepcopy(data)
        wrong["cupi_phone_systems"][0]["port_groups"][0]["ports"]["fake_nested"][1].update(change)
        assert best(validator, wrong)[0] == path
        assert any(p == path and message in m for p, m in problems(validator, wrong)), problems(validator, wrong)
    del ports_of["fake_nested"][1]["ports"]
    assert best(validator, data) == (where + "[1]", "'ports' is a required property")


# The rules per integration and errors that lead with the real cause ---------------------------

def test_server_types_per_integration_agree_with_the_table(validator):
    """The schema's if/then on ``integration`` admits exactly the server types of
    INTEGRATION_SERVER_TYPES, the table the module and the role's checks read."""
    from ansible_collections.cupi.telephony.plugins.module_utils.resources import (
        INTEGRATION_SERVER_TYPES,
        SERVER_TYPES,
        server_type_error,
    )
    for integration in INTEGRATION_SERVER_TYPES:
        for server_type in SERVER_TYPES:
            group = dict(name="G", integration=integration, host="h", servers=[dict(type=server_type, host="s")])
            data = dict(cupi_phone_systems=[dict(name="S", port_groups=[group])])
            errors = problems(validator, data)
            refused = server_type_error(integration, server_type) is not None
            assert bool(errors) == refused, (integration, server_type, errors)
            if refused:
                assert best(validator, data)[0].startswith("$.cupi_phone_systems[0].port_groups[0].servers")


@pytest.mark.parametrize("mutate, path, message", [
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][1]["settings"].update(enable_mwii=True),
     "$.cupi_phone_systems[0].port_groups[1].settings", "'enable_mwii' was unexpected"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][1]["servers"].append(dict(type="sip_proxy", host="x")),
     "$.cupi_phone_systems[0].port_groups[1].servers[3].type", "'sip_proxy' is not one of ['cucm', 'tftp']"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][0].update(device_prefix="CiscoUM9-VI"),
     "$.cupi_phone_systems[0].port_groups[0].device_prefix", "should not be valid under {}"),
    (lambda d: d["cupi_phone_systems"][0]["port_groups"][0]["ports"].update(count="four"),
     "$.cupi_phone_systems[0].port_groups[0].ports.count", "'four' is not of type 'integer'"),
    (lambda d: d["cupi_phone_systems"][1]["port_groups"][0].update(servers=[dict(type="tftp", host="x")]),
     "$.cupi_phone_systems[1].port_groups[0].servers", "is expected to be empty"),
], ids=["misspelt key", "server type of another integration", "device_prefix on SIP", "count not a number",
        "servers on PIMG"])
def test_the_best_match_is_the_real_cause(validator, mutate, path, message):
    """check-jsonschema and editors lead with jsonschema's best match: the real cause, not
    "is not of type 'string'" (the template alternative of a list or mapping)."""
    data = example()
    assert list(validator.iter_errors(data)) == []
    mutate(data)
    found = best(validator, data)
    assert found[0] == path and message in found[1], found
    assert "is not of type 'string'" not in found[1]


def test_a_template_still_stands_for_a_scalar(validator):
    data = example()
    data["cupi_phone_systems"][0]["port_groups"][0]["ports"]["count"] = "{{ hq_ports }}"
    data["cupi_phone_systems"][0]["port_groups"][1]["servers"][0]["type"] = "{{ server_type }}"
    assert problems(validator, data) == []
