# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two range tables agree with each other and with Cisco's reference.

The collection declares the range of every CUPI field in plugins/module_utils/resources.py;
the emulator, its own package that never imports the collection, declares them again in
emulator/src/cupi_emulator/models/. A resource is matched to the emulator's spec by its
CUPI type name (Resource.root == ResourceSpec.type_name), a field by its CUPI name
(Field.cupi == emulator field name). For every field both declare, the tests compare the
int minimum and maximum, the string maximum length and the set of allowed values.

docs/ranges.md lists every field with its source (page and section of the reference, or the
choice made where the reference says nothing). Where the reference gives a value, REFERENCE
below pins both tables to it.
"""

from __future__ import annotations

import os
import sys

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils import resources
from ansible_collections.cupi.telephony.plugins.module_utils.spec import Resource

# Compare against the emulator's source in this repository, not an installed copy that may
# be older than the working tree (pip installs the emulator as a copy, not editable).
EMULATOR_SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "emulator", "src"))
if os.path.isdir(EMULATOR_SRC) and EMULATOR_SRC not in sys.path:
    sys.path.insert(0, EMULATOR_SRC)

emulator_fields = pytest.importorskip("cupi_emulator.fields")
emulator_models = pytest.importorskip("cupi_emulator.models")

ATTRIBUTES = ("minimum", "maximum", "max_length", "values")

# Emulator fields that are structure, not data: identity and links. Not compared, not listed.
STRUCTURAL = ("URI", "ObjectId")

# CUPI fields one table declares and the other does not, per CUPI type. A field missing from
# these lists and declared on one side only fails test_one_sided_fields_are_known, so that a
# new field is either declared on both sides or added here on purpose.
EMULATOR_ONLY = {
    "PhoneSystem": set(),
    # MediaRemoteServiceEnum (always 103) and the phone system's id are sent by the collection
    # as constants of the resource, not as options; SkinnyStateMachineEnum is read-only here.
    "AXLServer": {"MediaRemoteServiceEnum", "MediaSwitchObjectId", "SkinnyStateMachineEnum"},
    "PhoneSystemAssociation": {"MediaSwitchDisplayName", "MediaSwitchObjectId"},
    "VmsServer": {"VmsServerObjectId"},
    "PortGroupTemplate": set(),
    "RtpCodecDef": set(),
    "SipSecurityProfile": set(),
    # Read-only PEM text; the collection never reads or shows the private key.
    "SipCertificate": {"Certificate", "PrivateKey"},
    "PortGroup": {"MediaPortGroupTemplateObjectId", "MediaSwitchDisplayName"},
    "PortGroupServer": {"MediaPortGroupObjectId"},
    "PortGroupCodec": {"MediaPortGroupObjectId"},
    # NumberOfPorts (emulator input, 1-9999) is the ports module's own option `count`, which
    # checks itself (an even number, 0 or more); the rest are read-only copies of the group's.
    "Port": {"MediaPortGroupObjectId", "TelephonyIntegrationMethodEnum", "SkinnyDoMediaEncryption",
             "PimgPortNumber", "CapDeliverAmis", "MediaSwitchDisplayName", "MediaSwitchObjectId",
             "MediaPortGroupDisplayName", "MediaPortGroupEnableMWI", "MediaPortGroupMwiReqPortSpecific",
             "SipSendPort", "VmsServerName", "NumberOfPorts"},
}
COLLECTION_ONLY = dict((root, set()) for root in EMULATOR_ONLY)

_REFERENCE_OPTION = ("the collection's option names the referenced object (name, port or codec) and the "
                     "module looks its id up; only the emulator bounds the id on the wire, String(36)")
_READ_ONLY_SEEDED = "read-only on /vmrest; the emulator's bound only checks what its admin API seeds"
_COMPUTED = "read-only; the emulator computes the value and never parses one, the collection maps it to a name"

# (CUPI type, field, attribute): a bound only one table declares, and why. Each entry must
# still be one-sided (test_one_sided_bounds_are_current), so a stale one shows up too.
ONE_SIDED = {
    ("PortGroup", "MediaSwitchObjectId", "max_length"): _REFERENCE_OPTION,
    ("PortGroup", "MediaSipSecurityProfileObjectId", "max_length"): _REFERENCE_OPTION,
    ("PortGroup", "MediaCertificateObjectId", "max_length"): _REFERENCE_OPTION,
    ("PortGroupCodec", "RtpCodecDefObjectId", "max_length"): _REFERENCE_OPTION,
    ("Port", "VmsServerObjectId", "max_length"): _REFERENCE_OPTION,
    ("PhoneSystemAssociation", "Alias", "max_length"): _READ_ONLY_SEEDED,
    ("PhoneSystemAssociation", "DisplayName", "max_length"): _READ_ONLY_SEEDED,
    ("PhoneSystemAssociation", "numNotificationDevice", "minimum"): _READ_ONLY_SEEDED,
    ("PhoneSystemAssociation", "numNotificationMWI", "minimum"): _READ_ONLY_SEEDED,
    ("PhoneSystemAssociation", "numPrimaryCallHandler", "minimum"): _READ_ONLY_SEEDED,
    ("PortGroupTemplate", "CopyTelephonyIntegrationMethodEnum", "values"): _COMPUTED,
    ("PortGroup", "ResetStatusEnum", "values"): _COMPUTED,
}

# (CUPI type, field): enums whose collection choices are deliberately a subset of the values.
SUBSET = {
    ("PortGroupServer", "MediaRemoteServiceEnum"): (
        "103 (CCMAXL) is an AXL server, managed by axl_servers under /axlservers, not a port group "
        "server; 104 (PIMG) is only read, as a PIMG/TIMG group's servers cannot be added or changed "
        "(Port Group Server Settings, introduction)"),
}

# Where Cisco's reference gives a value: (CUPI type, field) -> (bounds, source). Both tables must
# have it (a side listed in ONE_SIDED for that bound, which declares none, is not checked).
# Sources are Cisco's pages by title and section, and the server facts, as docs/references.md
# lists them.
SIP_TABLE = "Port Groups, 'Explanation of Data Fields for SIP Port Group'"
SCCP_TABLE = "Port Groups, 'Explanation of Data Fields for SCCP Port Group'"
SERVER_TABLE = "Port Group Server Settings, 'Explanation of Data Fields'"
REFERENCE = {
    ("PortGroup", "DisplayName"): (dict(max_length=64), SIP_TABLE + " and the SCCP table"),
    ("PortGroup", "MediaSwitchObjectId"): (dict(max_length=36), SIP_TABLE),
    ("PortGroup", "TelephonyIntegrationMethodEnum"): (dict(values={1, 2, 3}), SIP_TABLE + "; docs/references.md#enums"),
    ("PortGroup", "ResetStatusEnum"): (dict(values={0, 100, 101}), SIP_TABLE + ", 'Viewing Reset Status of a Port Group'"),
    ("PortGroup", "MwiMaxConcurrentRequests"): (dict(minimum=0, maximum=250), SIP_TABLE),
    ("PortGroup", "MwiRetryCountOnSuccess"): (dict(minimum=0, maximum=10), SIP_TABLE),
    ("PortGroup", "MwiRetryIntervalOnSuccessMs"): (dict(minimum=0, maximum=100), SIP_TABLE),
    ("PortGroup", "MwiMinRequestIntervalMs"): (dict(minimum=0, maximum=5000), SIP_TABLE),
    ("PortGroup", "PreferredCallControl"): (dict(values={0, 1, 2}), SIP_TABLE),
    ("PortGroup", "SipPreferredMedia"): (dict(values={0, 1, 2}), SIP_TABLE),
    ("PortGroup", "SipAuthenticateAsUser"): (dict(max_length=64), SIP_TABLE),
    ("PortGroup", "SipAuthenticatePassword"): (dict(max_length=256), SIP_TABLE),
    ("PortGroup", "SipContactLineName"): (dict(max_length=64), SIP_TABLE),
    ("PortGroup", "MediaSipSecurityProfileObjectId"): (dict(max_length=36), SIP_TABLE),
    ("PortGroup", "MediaCertificateObjectId"): (dict(max_length=36), SIP_TABLE),
    ("PortGroup", "SipTransportProtocolEnum"): (dict(values={10, 11}), SIP_TABLE + " (spelt SIPTransportProtocol)"),
    ("PortGroup", "SipTLSModeEnum"): (dict(values={10, 11}), SIP_TABLE + " (spelt SipTLSModEnum)"),
    ("PortGroup", "DelayBeforeOpeningMs"): (dict(minimum=0, maximum=3000), SIP_TABLE),
    ("PortGroup", "OutgoingGuardTimeMs"): (dict(minimum=0, maximum=10000), SIP_TABLE),
    ("PortGroup", "OutgoingPreDialDelayMs"): (dict(minimum=0, maximum=3000), SIP_TABLE),
    ("PortGroup", "OutgoingPostDialDelayMs"): (dict(minimum=0, maximum=3000), SIP_TABLE),
    ("PortGroup", "DtmfDialInterDigitDelayMs"): (dict(minimum=0, maximum=500), SIP_TABLE),
    ("PortGroup", "RecordingDTMFClipMs"): (dict(minimum=0, maximum=300), SIP_TABLE),
    ("PortGroup", "RecordingToneExtraClipMs"): (dict(minimum=0, maximum=5000), SIP_TABLE),
    ("PortGroup", "SipRPIDDisplayName"): (dict(max_length=64), SIP_TABLE),
    ("PortGroup", "SkinnyDevicePrefix"): (dict(max_length=48), SCCP_TABLE),
    ("PortGroupTemplate", "CopyTelephonyIntegrationMethodEnum"): (dict(values={1, 2, 3}), SIP_TABLE + "; docs/references.md#enums"),
    ("PortGroupServer", "MediaRemoteServiceEnum"): (dict(values={100, 101, 102, 103, 104}), SERVER_TABLE),
    ("PortGroupServer", "Precedence"): (dict(minimum=0, maximum=9999), SERVER_TABLE),
    ("PortGroupServer", "Port"): (dict(minimum=0, maximum=9999), SERVER_TABLE),
    ("PortGroupServer", "TlsPort"): (dict(minimum=0, maximum=9999), SERVER_TABLE),
    ("PortGroupServer", "SkinnyStateMachineEnum"): (dict(values={10, 20}), SERVER_TABLE),
    # An AXL server is the same kind of object, a media remote service with
    # MediaRemoteServiceEnum 103 "CCMAXL" (Port Group Server Settings, "Explanation of Data Fields";
    # Telephony Integrations, "Listing AXL Servers"): the Port Group Server Settings table applies.
    ("AXLServer", "Precedence"): (dict(minimum=0, maximum=9999), SERVER_TABLE + " via its MediaRemoteServiceEnum row (103 CCMAXL)"),
    ("AXLServer", "Port"): (dict(minimum=0, maximum=9999), SERVER_TABLE + " via its MediaRemoteServiceEnum row (103 CCMAXL)"),
    ("AXLServer", "TlsPort"): (dict(minimum=0, maximum=9999), SERVER_TABLE + " via its MediaRemoteServiceEnum row (103 CCMAXL)"),
    ("PortGroupCodec", "PreferredPacketSizeMs"): (dict(values={10, 20, 30}), "Port Groups, 'Addings Codecs to the existing Port Group'"),
    ("Port", "SkinnySecurityModeEnum"): (dict(values={0, 1, 2}), "docs/references.md#enums"),
}


# -- the two tables, normalised -------------------------------------------------------------

def collection_resources():
    found = [value for value in vars(resources).values() if isinstance(value, Resource)]
    return dict((resource.root, resource) for resource in found)


def emulator_specs():
    return dict(emulator_models.RESOURCES)


def emulator_field_map(spec):
    """The emulator's fields of a spec by CUPI name: the stored ones and the create-only inputs."""
    return dict((field.name, field) for field in tuple(spec.fields) + tuple(spec.inputs))


def collection_bounds(field):
    if field.type == "enum":
        values = frozenset(field.choices.values())
    elif field.allowed:
        values = frozenset(field.allowed)
    else:
        values = None
    return dict(minimum=field.minimum, maximum=field.maximum, max_length=field.max_length, values=values)


def emulator_bounds(field):
    bounds = dict(minimum=None, maximum=None, max_length=None, values=None)
    if isinstance(field, (emulator_fields.IntChoice, emulator_fields.Choice)):
        bounds["values"] = frozenset(field.choices)
    elif isinstance(field, emulator_fields.Int):
        bounds["minimum"], bounds["maximum"] = field.min, field.max
    elif isinstance(field, emulator_fields.Str):
        bounds["max_length"] = field.max_len
    return bounds


def collection_kind(field):
    return {"enum": "int"}.get(field.type, field.type)


def shared_fields():
    """(CUPI type, field) for every field both tables declare, in the collection's order."""
    specs = emulator_specs()
    pairs = []
    for root, resource in sorted(collection_resources().items()):
        if root not in specs:
            continue
        emulator = emulator_field_map(specs[root])
        pairs.extend((root, field.cupi) for field in resource.fields if field.cupi in emulator)
    return pairs


def both(root, cupi):
    collection = collection_resources()[root].by_cupi[cupi]
    emulator = emulator_field_map(emulator_specs()[root])[cupi]
    return collection, emulator


def describe(value):
    if isinstance(value, frozenset):
        return "{%s}" % ", ".join(repr(v) for v in sorted(value, key=str))
    return repr(value)


# -- tests ----------------------------------------------------------------------------------

def test_emulator_is_the_source_tree():
    if not os.path.isdir(EMULATOR_SRC):
        pytest.skip("no emulator source next to the collection")
    assert os.path.abspath(emulator_models.__file__).startswith(EMULATOR_SRC + os.sep), (
        "cupi_emulator was imported from %s, not from %s: the test would compare an installed copy"
        % (emulator_models.__file__, EMULATOR_SRC))


def test_every_cupi_type_is_on_both_sides():
    collection, emulator = set(collection_resources()), set(emulator_specs())
    assert collection == emulator, (
        "CUPI types only in resources.py: %s; only in the emulator's models: %s"
        % (sorted(collection - emulator), sorted(emulator - collection)))


@pytest.mark.parametrize("root", sorted(EMULATOR_ONLY))
def test_one_sided_fields_are_known(root):
    resource = collection_resources()[root]
    emulator = emulator_field_map(emulator_specs()[root])
    mine = set(resource.by_cupi)
    theirs = set(name for name in emulator if name not in STRUCTURAL and not name.endswith("URI"))
    assert theirs - mine == EMULATOR_ONLY[root], (
        "%s: fields only the emulator's models declare are %s, the known list says %s; declare a new one in "
        "resources.py too or add it to EMULATOR_ONLY with the reason"
        % (root, sorted(theirs - mine), sorted(EMULATOR_ONLY[root])))
    assert mine - theirs == COLLECTION_ONLY[root], (
        "%s: fields only resources.py declares are %s, the known list says %s; declare a new one in "
        "the emulator's models too or add it to COLLECTION_ONLY with the reason"
        % (root, sorted(mine - theirs), sorted(COLLECTION_ONLY[root])))


@pytest.mark.parametrize("root, cupi", shared_fields(), ids=["%s.%s" % pair for pair in shared_fields()])
def test_field_ranges_agree(root, cupi):
    collection, emulator = both(root, cupi)
    if collection.reference is None:
        assert collection_kind(collection) == emulator.kind, (
            "%s.%s: resources.py types it %s, the emulator %s (%s)"
            % (root, cupi, collection.type, emulator.kind, type(emulator).__name__))
    ours, theirs = collection_bounds(collection), emulator_bounds(emulator)
    problems = []
    for attribute in ATTRIBUTES:
        mine, other = ours[attribute], theirs[attribute]
        if (root, cupi, attribute) in ONE_SIDED and (mine is None) != (other is None):
            continue
        if attribute == "values" and (root, cupi) in SUBSET and mine is not None and other is not None:
            if not mine <= other:
                problems.append("values: resources.py %s is not a subset of the emulator's %s"
                                % (describe(mine), describe(other)))
            continue
        if mine != other:
            problems.append("%s: resources.py (option %s) %s, the emulator %s"
                            % (attribute, collection.option, describe(mine), describe(other)))
    assert not problems, "%s.%s disagrees: %s" % (root, cupi, "; ".join(problems))


@pytest.mark.parametrize("key", sorted(ONE_SIDED), ids=["%s.%s.%s" % key for key in sorted(ONE_SIDED)])
def test_one_sided_bounds_are_current(key):
    root, cupi, attribute = key
    assert (root, cupi) in shared_fields(), "ONE_SIDED names %s.%s, which is not on both sides" % (root, cupi)
    collection, emulator = both(root, cupi)
    mine, other = collection_bounds(collection)[attribute], emulator_bounds(emulator)[attribute]
    assert (mine is None) != (other is None), (
        "%s.%s %s is listed as one-sided (%s) but resources.py has %s and the emulator %s: remove the entry"
        % (root, cupi, attribute, ONE_SIDED[key], describe(mine), describe(other)))


@pytest.mark.parametrize("key", sorted(REFERENCE), ids=["%s.%s" % key for key in sorted(REFERENCE)])
def test_reference_values(key):
    root, cupi = key
    expected, source = REFERENCE[key]
    collection, emulator = both(root, cupi)
    problems = []
    for side, bounds in (("resources.py", collection_bounds(collection)), ("the emulator", emulator_bounds(emulator))):
        for attribute, want in sorted(expected.items()):
            want = frozenset(want) if attribute == "values" else want
            have = bounds[attribute]
            if have is None and (root, cupi, attribute) in ONE_SIDED:
                continue
            if attribute == "values" and side == "resources.py" and key in SUBSET and have is not None:
                if not have <= want:
                    problems.append("%s values %s not within the reference's %s"
                                    % (side, describe(have), describe(want)))
                continue
            if have != want:
                problems.append("%s %s is %s, the reference says %s" % (side, attribute, describe(have), describe(want)))
    assert not problems, "%s.%s (reference %s): %s" % (root, cupi, source, "; ".join(problems))
