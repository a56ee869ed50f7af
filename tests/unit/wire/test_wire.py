# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wire conformance: the body each module sends against Cisco's create and update examples.

For every POST/PUT example with a request body in the reference pages (the cases of
emulator/tests/conformance/cases.json, overrides.json applied) the module that performs the
operation runs against the emulator; the body it sent is read from the emulator's request log.
It must hold every field of the example (values may differ) and no field that no request example
of the pages sends for that object type (a field shown only in responses, such as ``ObjectId``,
``URI`` or a computed field, is never sent; ``ObjectId`` and the ``...URI`` fields never at all),
except for the fields listed in EXCEPTIONS, each with its page and section. Every case runs in XML
and in JSON (``api_format``), and the list modules' cases with ``state: replaced`` as well as
``merged``.
docs/wire.md is the table of the results (``CUPI_WIRE_WRITE=1`` writes it).
"""

from __future__ import annotations

import json
import os
import re

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils.resources import PORT, SIP_CERTIFICATE
from ansible_collections.cupi.telephony.plugins.modules import (
    axl_servers,
    phone_system,
    port_group,
    port_group_codecs,
    port_group_servers,
    ports,
    sip_certificate,
    sip_security_profile,
)

from ..plugins.modules.test_port_groups import run

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CASES_FILE = os.path.join(ROOT, "emulator", "tests", "conformance", "cases.json")
WIRE_MD = os.path.join(ROOT, "docs", "wire.md")

if not os.path.exists(CASES_FILE):
    pytest.skip("the emulator's conformance cases are not here (%s)" % CASES_FILE, allow_module_level=True)
with open(CASES_FILE, encoding="utf-8") as _fh:
    ALL_CASES = json.load(_fh)

# Every create or update example with a body (the reset PUTs have none).
CASES = [c for c in ALL_CASES if c["method"] in ("POST", "PUT") and c.get("body")]

# The module that performs each operation, by the collection the example's path names.
MODULES = {
    "phonesystems": phone_system,
    "axlservers": axl_servers,
    "portgroups": port_group,
    "portgroupservers": port_group_servers,
    "portgroupcodecs": port_group_codecs,
    "ports": ports,
    "sipsecurityprofiles": sip_security_profile,
    "sipcertificates": sip_certificate,
}
# Other spellings the pages use for the same collection.
ALIASES = {"phonesystem": "phonesystems", "sipcertificate": "sipcertificates", "sipprofiles": "sipsecurityprofiles"}
# The XML element of each collection's objects (a JSON example names none).
ELEMENTS = {
    "phonesystems": "PhoneSystem", "axlservers": "AXLServer", "portgroups": "PortGroup",
    "portgroupservers": "PortGroupServer", "portgroupcodecs": "PortGroupCodec", "ports": "Port",
    "sipsecurityprofiles": "SipSecurityProfile", "sipcertificates": "SipCertificate",
    "phonesystemassociations": "PhoneSystemAssociation", "vmsservers": "VmsServer",
    "portgrouptemplates": "PortGroupTemplate", "rtpcodecdefs": "RtpCodecDef", "rtpcodecsdefs": "RtpCodecDef",
}
TEMPLATES = {"90dd306f-b8af-46b6-8289-f13437cc1e5e": "sccp", "04e0e286-56ed-4f27-a325-756a49dd98e1": "sip",
             "8fc4952c-aa4f-4b96-a4b3-dbe26e49d899": "pimg"}
INTEGRATION_CODES = {"1": "sccp", "2": "sip", "3": "pimg"}
SERVICE_INTEGRATION = {"100": "sccp", "101": "sip", "102": "sip"}
# Options that say which operation it is (not a setting): taken from the case, never varied.
FIXED = ("integration", "type")
# A citation of Cisco's reference: a page's short id of docs/references.md and a section.
CITATION = re.compile(r"\b(Telephony Integrations|Ports|Port Groups|Port Group Server Settings|Phone Systems),? '[^']+'")
# Options a module refuses for other integrations (port_group, ports).
INTEGRATION_ONLY = {"device_prefix": ("sccp",), "security_mode": ("sccp",)}
# The server a PUT example changes, by the port group's integration.
SERVER_TYPE = {"sccp": "cucm", "sip": "sip_proxy"}

# (case id or operation, field) -> why the field is missing from our body, or why our extra
# field is right. An operation is "<METHOD> <collection>". Cisco's pages are cited by title and
# section (docs/references.md).
EXCEPTIONS = {
    ("PUT phonesystems", "PortCount"):
        "read-only: the number of the phone system's ports (Telephony Integrations, 'Listing "
        "Phone Systems' shows it on every phone system), "
        "which change through /vmrest/ports (Telephony Integrations, 'Adding Ports' to 'Deleting "
        "ports'); the PUT examples show it (Telephony Integrations, 'Modifying a Phone System'; "
        "Phone Systems, 'Modifying a Phone System')",
    ("POST axlservers", "CcmVersion"):
        "read-only: 5 on every AXL server listed (Telephony Integrations, 'Listing AXL Servers');"
        " Phone Systems gives the same POST without it "
        "(Phone Systems, 'Adding New AXL Server')",
    ("PUT axlservers", "CcmVersion"):
        "read-only (Telephony Integrations, 'Listing AXL Servers'); Phone Systems gives the same "
        "PUT without it (Phone Systems, 'Modifying AXL Server')",
    ("POST portgroups", "ResetStatusEnum"):
        "Read Only in the data-field tables (Port Groups, 'Explanation of Data Fields for SIP "
        "Port Group' and 'Explanation of Data Fields for SCCP Port Group'); the create examples "
        "show it "
        "(Port Groups, 'Creating SIP Port Group' and 'Adding PIMGTIMG Port Groups')",
    ("POST portgroups", "MediaSwitchDisplayName"):
        "the name of the phone system that MediaSwitchObjectId names, sent beside it in Port "
        "Groups, 'Adding PIMGTIMG Port Groups'; "
        "no data-field table lists it (Port Groups, 'Explanation of Data Fields for SIP Port "
        "Group' and 'Explanation of Data Fields for SCCP Port Group')",
    ("POST portgroups", "PortCount"):
        "the number of the port group's ports (0 on a create, Port Groups, 'Adding PIMGTIMG Port "
        "Groups'); ports are added with "
        "POST /vmrest/ports (Telephony Integrations, 'Adding Ports' to 'Adding PIMGTIMG Ports')",
    ("POST ports", "VmsServerName"):
        "the name of the VMS server whose id VmsServerObjectId carries (Telephony Integrations, "
        "'Adding Ports'); the id is what "
        "a port create needs (Telephony Integrations, 'Adding Ports'; Ports, 'Adding Ports'); "
        "shown in Telephony Integrations, 'Adding SCCP Ports' and 'Adding SIP Ports'; Ports, "
        "'Adding SCCP Ports' and 'Adding SIP Ports'",
    ("POST ports", "DisplayName"):
        "the server names ports <port group>-NNN (Telephony Integrations, 'Port Groups and Ports:"
        " Listing and Viewing' and 'Listing Ports'); one POST adds "
        "NumberOfPorts ports, which cannot share one name (Telephony Integrations, 'Adding SIP "
        "Ports' and 'Adding PIMGTIMG Ports'; Ports, 'Adding SIP Ports' and 'Adding PIMGTIMG "
        "Ports')",
    ("000-L658-PUT-ports", "SkinnySecurityModeEnum"):
        "an SCCP (Skinny) setting: SCCP ports show it (Telephony Integrations, 'Port Groups and "
        "Ports: Listing and Viewing'), SIP ports do not (Telephony Integrations, 'Listing "
        "Ports'); "
        "the SIP example sends the non-secure 0 (Telephony Integrations, 'Modifying SIP Ports'); "
        "ports refuses security_mode on other port groups",
    ("001-L262-PUT-ports", "SkinnySecurityModeEnum"):
        "as for 000-L658-PUT-ports: SIP ports show no SkinnySecurityModeEnum (Ports, 'Listing Ports'); the "
        "example sends 0 (Ports, 'Modifying SIP Ports')",
}


# ---------------------------------------------------------------------------------------
# the cases


def collection(path):
    """The collection the path's object belongs to: the last segment that is not an id."""
    segments = [s for s in path.split("?")[0].split("/") if s and not s.startswith("{")]
    return ALIASES.get(segments[-1], segments[-1])


def operation(case):
    return "%s %s" % (case["method"], collection(case["path"]))


def object_type(path, root=None):
    return root or ELEMENTS[collection(path)]


def known_fields():
    """Every field name the pages show, by object type: request bodies and documented responses."""
    known = {}
    for case in ALL_CASES:
        if case.get("body"):
            known.setdefault(object_type(case["path"], case["body"]["root"]), set()).update(case["body"]["fields"])
        response = case.get("response")
        if response:
            root = response.get("item") if response["kind"] == "list" else response.get("root")
            known.setdefault(object_type(case["path"], root), set()).update(response["fields"])
    return known


KNOWN = known_fields()


def sent_fields():
    """Every field name the request examples (POST and PUT bodies) send, by object type."""
    sent = {}
    for case in ALL_CASES:
        if case.get("body") and case["method"] in ("POST", "PUT"):
            sent.setdefault(object_type(case["path"], case["body"]["root"]), set()).update(case["body"]["fields"])
    return sent


SENT = sent_fields()


def never_sent(field):
    """The fields that name the object itself or a link, which a body never carries."""
    return field == "ObjectId" or field.endswith("URI")


def integration_of(case):
    """Which port group integration the example is about: sccp, sip or pimg."""
    fields = case["body"]["fields"]
    if fields.get("TelephonyIntegrationMethodEnum") in INTEGRATION_CODES:
        return INTEGRATION_CODES[fields["TelephonyIntegrationMethodEnum"]]
    if fields.get("MediaPortGroupTemplateObjectId") in TEMPLATES:
        return TEMPLATES[fields["MediaPortGroupTemplateObjectId"]]
    if fields.get("MediaRemoteServiceEnum") in SERVICE_INTEGRATION:
        return SERVICE_INTEGRATION[fields["MediaRemoteServiceEnum"]]
    text = "%s %s" % (case.get("context") or "", case.get("raw_url") or "")
    for word in ("SCCP", "PIMG", "SIP"):
        if word in text.upper():
            return word.lower()
    return "sip"


# ---------------------------------------------------------------------------------------
# driving a module


def spec_of(module):
    """What the generic driver needs to know of a module, read from its Runner."""
    runner = module.Runner
    if getattr(runner, "key_options", ()):
        keys = tuple(runner.key_options)
    elif getattr(runner, "key_option", None):
        keys = (runner.key_option,)
    else:
        keys = ()  # ports: no key, a count
    # ports names its port group in ``port_group`` like the child list modules
    parent = getattr(runner, "parent_option", None) or ("port_group" if module is ports else None)
    return dict(resource=getattr(runner, "resource", None) or PORT, keys=keys,
                items=getattr(runner, "items_option", None), parent=parent)


class World:
    """The objects a case needs on a fresh emulator, all created with the modules."""

    def __init__(self, emulator, connection, state="merged"):
        self.emulator = emulator
        self.connection = connection
        self.state = state
        self.counter = 0
        self.phone_system_name = None
        self.groups = {}

    def run(self, module, **options):
        return run(module, self.connection, **options)

    def serial(self):
        self.counter += 1
        return self.counter

    def phone_system(self):
        if self.phone_system_name is None:
            self.phone_system_name = "Wire-PS"
            self.run(phone_system, name=self.phone_system_name)
        return self.phone_system_name

    def port_group(self, kind):
        if kind not in self.groups:
            name = "Wire-%s" % kind.upper()
            extra = dict(device_prefix="Wire-VI") if kind == "sccp" else {}
            self.run(port_group, name=name, phone_system=self.phone_system(), integration=kind,
                     host="10.1.1.10", **extra)
            self.groups[kind] = name
        return self.groups[kind]

    def objects_of(self, resource):
        """(object id, the value naming it as the option takes it) of each ``resource`` object."""
        body = self.emulator.api("GET", resource.path).json()
        rows = body.get(resource.root, [])
        rows = rows if isinstance(rows, list) else [rows]
        field = resource.by_cupi.get(resource.name_field)
        return [(row.get(resource.id_field), field.from_api(row[resource.name_field]) if field is not None
                 else row[resource.name_field]) for row in rows]

    def names_of(self, resource):
        return [name for _object_id, name in self.objects_of(resource)]

    # -- values ------------------------------------------------------------------
    def other_value(self, field, baseline, taken=()):
        """A valid value of the option that is neither ``baseline`` nor one of ``taken``."""
        avoid = [baseline] + list(taken)
        if field.reference is not None:
            return self.other_reference(field, avoid)
        if field.type == "bool":
            return not bool(baseline)
        if field.type == "enum":
            return next(c for c in field.choices if c != baseline)
        if field.allowed:
            return next(v for v in field.allowed if v not in avoid)
        if field.type == "int":
            value = (baseline if isinstance(baseline, int) else (field.minimum or 0)) + 1
            while value in avoid:
                value += 1
            if field.maximum is not None and value > field.maximum:
                value = (field.minimum or 0) + 1
            return value
        serial = self.serial()
        if field.cupi.startswith("HostOrIPAddressV6"):
            value = "fd00::%d" % serial
        elif field.cupi.startswith("HostOrIPAddress"):
            value = "10.99.0.%d" % serial
        else:
            value = "wire-%d" % serial
        return value[:field.max_length] if field.max_length else value

    def other_reference(self, field, avoid):
        """Another existing object's name (``avoid`` holds names or ids); a SIP certificate is
        created when there is none."""
        resource = field.reference.resource
        lowered = [str(a).lower() for a in avoid if a is not None]
        for object_id, name in self.objects_of(resource):
            if str(name).lower() not in lowered and str(object_id).lower() not in lowered:
                return name
        if resource is SIP_CERTIFICATE:
            name = "wire-cert-%d" % self.serial()
            self.run(sip_certificate, name=name, subject_name=name)
            return name
        raise AssertionError("no %s other than %s to refer to" % (resource.kind, ", ".join(lowered)))


class Driver:
    """Runs the module that performs one example's operation, with options made from the
    example's fields: each gets a valid value other than the object's current one (update) or
    the example's (create)."""

    def __init__(self, case, world):
        self.case = case
        self.world = world
        self.fields = case["body"]["fields"]
        self.module = MODULES[collection(case["path"])]
        spec = spec_of(self.module)
        self.resource, self.keys, self.items, self.parent = spec["resource"], spec["keys"], spec["items"], spec["parent"]
        self.kind = integration_of(case)
        self.creating = case["method"] == "POST"
        # the options that say which object it is: the integration, the server type
        self.fixed = dict(integration=self.kind, type=SERVER_TYPE.get(self.kind))
        if "MediaRemoteServiceEnum" in self.fields and "type" in self.resource.by_option:
            self.fixed["type"] = self.resource.by_option["type"].from_api(self.fields["MediaRemoteServiceEnum"])

    def baseline(self, field, current):
        """The value to differ from: the object's current one (update) or the example's (create)."""
        if current is not None:
            return current.get(field.option)
        raw = self.fields.get(field.cupi)
        return raw if field.reference is not None else field.from_api(raw)

    def run(self):
        """Drive the module; return (method, path pattern) of the request that is the operation."""
        world, module = self.world, self.module
        options = {}
        if module is port_group:
            world.phone_system()  # what MediaSwitchObjectId names
        if self.parent == "phone_system":
            options[self.parent] = world.phone_system()
        elif self.parent == "port_group":
            options[self.parent] = world.port_group(self.kind)
        current = None if self.creating else self.create_target(options)
        given = self.keys_given(options, current)
        secret = False
        for name in self.fields:
            field = self.resource.by_cupi.get(name)
            if field is None or field.readonly or field.option in given:
                continue  # the module adds it (parent ids, template, constants) or never sends it
            if self.kind not in INTEGRATION_ONLY.get(field.option, (self.kind,)):
                continue
            if field.option in FIXED:
                if self.creating:
                    given[field.option] = self.fixed[field.option]
                continue
            given[field.option] = world.other_value(field, self.baseline(field, current))
            secret = secret or field.secret
        if module is port_group and self.creating:
            # what a new port group needs besides the example's fields (its required_on_create)
            given.setdefault("phone_system", world.phone_system())
            given.setdefault("integration", self.kind)
            given.setdefault("host", world.other_value(self.resource.by_option["host"], None))
            if self.kind == "sccp":
                given.setdefault("device_prefix", "Wire-%d-VI" % world.serial())
        if module is ports and self.creating:
            options["count"] = 2
        if secret and not self.creating:
            options["update_password"] = "always"
        if self.items:
            options.update(state=world.state, **{self.items: [given]})
        else:
            options.update(given)
        world.emulator.clear_log()
        result = world.run(module, **options)
        assert result["changed"], "the module changed nothing: %s" % result.get("msg")
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", self.resource.path) + ("" if self.creating else "/[^/]+")
        return self.case["method"], "^%s$" % pattern

    def keys_given(self, options, current):
        """The key options: the object's own (update), or new ones no sibling has (create)."""
        taken = {}
        if self.creating and self.items:
            result = self.world.run(self.module, state="merged", **dict(options, **{self.items: []}))
            siblings = result[self.module.Runner.result_key]
            taken = dict((k, [s.get(k) for s in siblings]) for k in self.keys)
        elif self.creating and self.keys and "{" not in self.resource.path:
            taken = {self.keys[0]: self.world.names_of(self.resource)}
        given = {}
        for key in self.keys:
            field = self.resource.by_option[key]
            if key in FIXED:
                given[key] = self.fixed[key]
            elif current is not None:
                given[key] = current[key]
            else:
                given[key] = self.world.other_value(field, self.baseline(field, None), taken.get(key, ()))
        return given

    def create_target(self, options):
        """Create the object an update example changes (with the module); return its options
        as the module reads them from the server."""
        world, module, kind = self.world, self.module, self.kind
        # A module does not read back what it writes: a second run, which changes nothing,
        # returns the object as the server holds it.
        if module is phone_system:
            return world.run(phone_system, name=world.phone_system())["phone_system"]
        if module is port_group:
            return world.run(port_group, name=world.port_group(kind))["port_group"]
        if module is ports:
            world.run(ports, port_group=options["port_group"], count=2)
            return world.run(ports, port_group=options["port_group"], count=2)["ports"][0]
        first = self.keys_given(options, None)
        if module is axl_servers:
            first.update(username="wire-user", password="wire-secret")
        if module is sip_certificate:
            first.update(subject_name="wire-subject")
        if not self.items:
            world.run(module, **first)
            return world.run(module, **first)[module.Runner.result_key]
        world.run(module, state="merged", **dict(options, **{self.items: [first]}))
        result = world.run(module, state="merged", **dict(options, **{self.items: []}))
        wanted = tuple(str(first[k]).lower() for k in self.keys)
        return next(c for c in result[module.Runner.result_key]
                    if tuple(str(c.get(k)).lower() for k in self.keys) == wanted)


def exception_for(case, field):
    for scope in (case["id"], operation(case)):
        if (scope, field) in EXCEPTIONS:
            return (scope, field)
    return None


def observe(case, emulator, connection, state="merged"):
    """The row of the table for one case: what Cisco sends, what we send, and the differences."""
    row = dict(id=case["id"], method=case["method"], path=case["path"], cisco=list(case["body"]["fields"]),
               ours=None, root=None, format=None, missing=[], extra=[], excepted=[], error=None)
    try:
        method, pattern = Driver(case, World(emulator, connection, state)).run()
    except Exception as exc:  # reported in the row and by the test
        row["error"] = "%s: %s" % (type(exc).__name__, str(getattr(exc, "msg", None) or exc).splitlines()[0])
        return row
    sent = [e for e in emulator.requests_log() if e["method"] == method and re.match(pattern, e["path"])]
    if not sent or not sent[0].get("body"):
        row["error"] = ("no %s with a body matching %s in the request log (an emulator that logs no "
                        "bodies? reinstall it)" % (method, pattern))
        return row
    body = sent[0]["body"]
    row["ours"] = list(body["fields"])
    row["root"], row["format"] = body.get("root"), body.get("format")
    sent_by_cisco = SENT.get(object_type(case["path"], case["body"]["root"]), set())
    for field in row["cisco"]:
        if field not in row["ours"]:
            row["missing"].append(field)
    for field in row["ours"]:
        if field not in sent_by_cisco or never_sent(field):
            row["extra"].append(field)
    for field in row["missing"] + row["extra"]:
        key = exception_for(case, field)
        if key is not None:
            row["excepted"].append(key)
    return row


RESULTS = {}


def rows_for_all(emulator, connection):
    """Every case's row, from the per-case tests when they ran, else observed now."""
    rows = []
    for case in CASES:
        if case["id"] not in RESULTS:
            emulator.reset()
            RESULTS[case["id"]] = observe(case, emulator, connection)
        rows.append(RESULTS[case["id"]])
    return rows


# ---------------------------------------------------------------------------------------
# the tests


def variants():
    """(case, api_format, state): every case in XML and JSON; a list module's also replaced."""
    for case in CASES:
        for api_format in ("xml", "json"):
            states = ("merged", "replaced") if spec_of(MODULES[collection(case["path"])])["items"] else ("merged",)
            for state in states:
                yield pytest.param(case, api_format, state, id="%s-%s-%s" % (case["id"], api_format, state))


@pytest.mark.parametrize("case, api_format, state", list(variants()))
def test_body_matches_the_example(case, api_format, state, emulator, connection):
    row = observe(case, emulator, dict(connection, api_format=api_format), state)
    if (api_format, state) == ("xml", "merged"):
        RESULTS[case["id"]] = row
    assert row["error"] is None, "%s %s: %s" % (case["id"], operation(case), row["error"])
    element = object_type(case["path"], case["body"]["root"])
    assert row["format"] == api_format, "%s: a %s body, asked for %s" % (case["id"], row["format"], api_format)
    # JSON: a flat object (no page shows a JSON wrapper); XML: Cisco's root element
    assert row["root"] == (element if api_format == "xml" else None), "%s: body root %r, Cisco's %r" % (
        case["id"], row["root"], element)
    excepted = set(field for _scope, field in row["excepted"])
    problems = ["missing %s" % f for f in row["missing"] if f not in excepted]
    problems += ["extra %s (no request example of the pages sends it on a %s)" % (f, element)
                 for f in row["extra"] if f not in excepted]
    assert not problems, "%s (%s %s): %s; we sent %s" % (
        case["id"], case["method"], case["path"], ", ".join(problems), ", ".join(row["ours"]))


def test_every_exception_is_used(emulator, connection):
    used = set(key for row in rows_for_all(emulator, connection) for key in row["excepted"])
    stale = sorted(set(EXCEPTIONS) - used)
    assert not stale, "exceptions no case uses any more: %s" % stale


def test_every_exception_names_a_case_or_operation():
    scopes = set(c["id"] for c in CASES) | set(operation(c) for c in CASES)
    assert set(scope for scope, _field in EXCEPTIONS) <= scopes
    assert all(CITATION.search(reason) for reason in EXCEPTIONS.values())


def test_docs_wire_md_is_current(emulator, connection):
    text = render(rows_for_all(emulator, connection))
    if os.environ.get("CUPI_WIRE_WRITE") == "1":
        with open(WIRE_MD, "w", encoding="utf-8") as fh:
            fh.write(text)
    with open(WIRE_MD, encoding="utf-8") as fh:
        assert fh.read() == text, "docs/wire.md is stale: run the wire test with CUPI_WIRE_WRITE=1"


# ---------------------------------------------------------------------------------------
# docs/wire.md


INTRO = """\
# Wire conformance

What the modules send, compared with the request bodies of Cisco's create and update
examples. [tests/unit/wire/test_wire.py](../tests/unit/wire/test_wire.py) takes every POST
and PUT example with a body from the reference pages (the cases of
[cases.json](../emulator/tests/conformance/cases.json), with the corrections of
[overrides.json](../emulator/tests/conformance/overrides.json)), runs the module that performs
that operation against the emulator, and reads the body the module sent from the emulator's
request log (`GET /__emulator__/requests`).

- Every option that stands for a field of the example gets a valid value that differs from
  the object's current value (for an update, the object is created and read first) or from
  the example's value (for a create), so that the module really sends it. Values are not
  compared; field names are.
- **Missing**: a field of the example that our body lacks. **Extra**: a field of our body
  that no request example of the pages (a POST or PUT body) sends for that object type: a
  field shown only in responses (`ObjectId`, `URI`, the computed ones) is never sent, and
  `ObjectId` and the `...URI` fields never, even where an example shows them.
- Every example is driven in XML and in JSON (`api_format`), and those of the list modules
  (`axl_servers`, `port_group_servers`, `port_group_codecs`) with `state: replaced` as well as
  `merged`; the table shows the XML `merged` run.
- Each missing or extra field needs an exception with the page and section that justify it
  (`EXCEPTIONS` in the test, listed in [decisions.md](decisions.md#wire-exceptions)); the test
  fails on any other and on an exception no case uses. A reference such as (Phone Systems,
  "Modifying a Phone System") names one of Cisco's pages and its section, as
  [references.md](references.md) lists them.

Regenerate this file (the test fails while it is stale):

```
CUPI_WIRE_WRITE=1 PYTHONPATH=build .venv/bin/python -m pytest -q tests/unit/wire
```

"""


def _names(fields):
    return ", ".join("`%s`" % f for f in fields) if fields else "-"


def render(rows):
    lines = [INTRO.rstrip("\n"), "",
             "| Operation | Cisco's fields | Ours | Missing | Extra | Exception |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        reasons = "; ".join("`%s`: %s" % (field, EXCEPTIONS[(scope, field)]) for scope, field in row["excepted"])
        ours = _names(row["ours"]) if row["error"] is None else "not driven: %s" % row["error"].replace("|", "/")
        lines.append("| `%s`: %s `%s` | %s | %s | %s | %s | %s |" % (
            row["id"], row["method"], row["path"], _names(row["cisco"]), ours, _names(row["missing"]),
            _names(row["extra"]), reasons or "-"))
    return "\n".join(lines) + "\n"
