"""State and rules of the emulated Unity Connection: no HTTP, no XML/JSON in here.

Every resource is one ``ResourceSpec`` subclass registered with ``@resource``: its fields
(order = wire order, defaults, ranges), where it lives (``path``, ``parent``), which
operations it supports, and hooks for its rules (``on_create``, ``on_update``,
``before_delete``, ``computed``). ``CupiBackend`` stores the objects, runs the generic
create/read/update/delete with those hooks under one lock, cascades deletes to child
resources, and persists to the state file.

Adding a resource (e.g. port groups): write a ``ResourceSpec`` subclass with
``@resource``; urls.py routes every registered spec automatically. Extra actions (such as a
port group reset) are a backend method plus one route in urls.py.
"""

import base64
import copy
import hashlib
import json
import os
import tempfile
import threading
import time
import uuid

from cupi_emulator import listing
from cupi_emulator.exceptions import DataException, InvalidParameter, NotFound
from cupi_emulator.fields import Bool, Choice, Field, Int, IntChoice, Ref, Str

VMREST = "/vmrest"
AXL_SERVICE = 103          # MediaRemoteServiceEnum of an AXL server (CCMAXL, 003 L270)
DEFAULT_RESET_SECONDS = 2.0
_VMS_NAMESPACE = uuid.UUID("5b1bd4a2-6e0b-4c3e-9a53-0c5f2f4a9c11")
PARENT_LABELS = {"PhoneSystem": "phone system", "PortGroup": "port group"}

RESOURCES = {}

# The leniencies the emulator can be told to allow (``--lenient NAME``, ``CupiBackend(lenient=...)``,
# ``"lenient"`` in /__emulator__/config). By default none: the emulator is strict where the
# reference is. name -> what the leniency allows (the README's "Leniency flags" table gives
# the pages and lines).
LENIENCIES = {
    "server-port-group-id":
        "port group server POST without MediaPortGroupObjectId: taken from the URL",
    "codec-port-group-id":
        "port group codec POST without MediaPortGroupObjectId: taken from the URL",
    "axl-phone-system-id":
        "AXL server POST without MediaSwitchObjectId (taken from the URL) or without "
        "MediaRemoteServiceEnum (103)",
    "sccp-device-prefix-default":
        "SCCP port group POST without SkinnyDevicePrefix: CiscoUM1-VI",
    "pin-sync-any-server":
        "IsPinSyncEnabled true on an AXL server that is not the primary one",
    "port-group-integration-default":
        "port group POST without TelephonyIntegrationMethodEnum: taken from the template",
}


def parse_lenient(names):
    """'a,b' | ['a', 'b,c'] | None -> frozenset of leniency names; ValueError for unknown ones."""
    if names is None:
        return frozenset()
    if isinstance(names, str):
        names = [names]
    result = set()
    for item in names:
        if not isinstance(item, str):
            raise ValueError(f"leniency names are strings, not {item!r}")
        for name in item.split(","):
            name = name.strip()
            if not name:
                continue
            if name not in LENIENCIES:
                raise ValueError(f"unknown leniency '{name}'; known: {', '.join(LENIENCIES)}")
            result.add(name)
    return frozenset(result)


def resource(cls):
    """Class decorator: register a ResourceSpec subclass (by its type_name)."""
    spec = cls()
    RESOURCES[spec.type_name] = spec
    return cls


def new_id():
    return str(uuid.uuid4())


def vms_server_id(name):
    """Stable id per VMS server name, so ids survive restarts."""
    return str(uuid.uuid5(_VMS_NAMESPACE, name.lower()))


class ResourceSpec:
    type_name = ""          # 'PhoneSystem' (element name, NotFound type)
    list_name = ""          # 'PhoneSystems'
    path = ""               # URL segment: 'phonesystems'
    path_aliases = ()       # extra URL spellings of the segment
    parent = None           # type_name of the parent resource, or None for top level
    operations = frozenset({"list", "get", "create", "update", "delete"})
    fields = ()             # Field instances, in wire order
    unique_name = None      # field that must be unique (case-insensitively)
    unique_scope = "global" # or 'parent'
    persisted = True        # saved to the state file
    # A top-level resource (own URL) that still belongs to another object, e.g. a port group
    # to a phone system: ``owner`` is that type, ``owner_field`` the (create-only) body field
    # naming it. The owner's delete cascades to it, like to a URL child.
    owner = None
    owner_field = None
    inputs = ()             # Fields accepted on create only, never stored or rendered
                            # (e.g. a port group's HostOrIPAddress, NumberOfPorts of ports)
    # A child resource whose body names its parent (e.g. a port group server's
    # MediaPortGroupObjectId): ``parent_ref`` is that (computed, rendered) field. A create
    # must send it (unless the leniency ``parent_ref_lenient`` is on) and it must be the
    # URL's parent; a PUT that sends it must send the URL's parent too.
    parent_ref = None
    parent_ref_lenient = None

    def field(self, name):
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def uri(self, backend, obj):
        if self.parent:
            parent_spec = RESOURCES[self.parent]
            parent_obj = backend._objects[self.parent][obj["_parent"]]
            return f"{parent_spec.uri(backend, parent_obj)}/{self.path}/{obj['ObjectId']}"
        return f"{VMREST}/{self.path}/{obj['ObjectId']}"

    def computed(self, backend, obj):
        """Values of computed fields (besides URI and ObjectId)."""
        return {}

    def defaults(self, backend, parent_obj):
        """Defaults that depend on the state (e.g. next precedence); static ones are on the fields."""
        return {}

    def before_create(self, backend, parent_obj, data):
        """Checks before the body is looked at (e.g. an operation not supported for this
        parent); ``data`` is the raw body (wire values)."""

    def before_update(self, backend, obj, data):
        """As ``before_create``, for a PUT of ``obj``."""

    def validate_update(self, backend, new, values):
        """Cross-field rules for a PUT that need what the client sent: ``new`` holds the new
        values, ``values`` the (coerced) fields of the body, changed or not."""

    def hidden_fields(self, backend):
        """Fields this server neither renders nor accepts (a body's value is ignored)."""
        return ()

    def on_create(self, backend, obj, parent_obj):
        """Cross-field rules for a new object (already filled with defaults and input)."""

    def on_update(self, backend, obj, changes):
        """Cross-field rules for an update; ``obj`` holds the new values."""

    def before_delete(self, backend, obj):
        """Raise DataException to refuse a delete (only for the object deleted by the request,
        not for the objects a cascade takes with it)."""

    def after_delete(self, backend, obj):
        """After the object deleted by the request (and its cascade) is gone."""

    def build(self, backend, obj, values, extras, parent_obj):
        """The objects a create stores (default: the one new object, after ``on_create``).
        ``values`` are the fields the client sent, ``extras`` the ``inputs``."""
        self.on_create(backend, obj, parent_obj)
        return [obj]

    def after_create(self, backend, objs, extras):
        """After the new objects are stored (e.g. create their default children)."""

    def seed(self, backend):
        """Objects present in the initial state (and after a reset): list of dicts."""
        return []


# --------------------------------------------------------------------------------------
# Phone systems
# --------------------------------------------------------------------------------------

@resource
class PhoneSystemSpec(ResourceSpec):
    type_name = "PhoneSystem"
    list_name = "PhoneSystems"
    path = "phonesystems"
    path_aliases = ("phonesystem",)
    unique_name = "DisplayName"
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        Str("DisplayName", required=True, min_len=1, max_len=64),
        Bool("MwiAlwaysUpdate", False),
        Bool("MwiPortMemory", False),
        Bool("CallLoopSupervisedTransferDetect", False),
        Bool("CallLoopForwardNotificationDetect", False),
        Choice("CallLoopDTMF", "A", list("0123456789*#ABCD")),
        Int("CallLoopGuardTimeMs", 2500, min=0, max=10000),
        Int("PortCount", 0, computed=True),
        Bool("EnablePhoneApplications", False),
        Bool("DefaultTRaPSwitch", True),
        Bool("MwiForceOff", False),
        Bool("RestrictDialUnconditional", False),
        Bool("RestrictDialScheduled", False),
        Int("RestrictDialStartTime", 0, min=0, max=1439),
        Int("RestrictDialEndTime", 0, min=0, max=1439),
        Bool("CallLoopExtensionDetect", True),
        Str("AXLServerURI", computed=True),
        Str("PhoneSystemAssociationURI", computed=True),
    )

    def computed(self, backend, obj):
        base = f"{VMREST}/phonesystems/{obj['ObjectId']}"
        return {
            "PortCount": backend.port_count(obj["ObjectId"]),
            "AXLServerURI": f"{base}/axlservers",
            "PhoneSystemAssociationURI": f"{base}/phonesystemassociations",
        }

    def before_delete(self, backend, obj):
        assocs = backend.children("PhoneSystemAssociation", obj["ObjectId"])
        if assocs:
            aliases = ", ".join(a["Alias"] for a in assocs)
            raise DataException(
                f"Cannot delete phone system {obj['DisplayName']}: {len(assocs)} user(s) are "
                f"associated with it ({aliases}); associate them with another phone system first"
            )


@resource
class AXLServerSpec(ResourceSpec):
    type_name = "AXLServer"
    list_name = "AXLServers"
    path = "axlservers"
    parent = "PhoneSystem"
    parent_ref = "MediaSwitchObjectId"          # 000 L189, 004 L229: sent in the POST
    parent_ref_lenient = "axl-phone-system-id"
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        # 000 L190, 004 L235: sent as 103 in the POST; fixed afterwards
        IntChoice("MediaRemoteServiceEnum", AXL_SERVICE, (AXL_SERVICE,), createonly=True),
        Str("HostOrIPAddress", required=True, min_len=1, max_len=255, pattern=r"^\S+$",
            pattern_msg="A host name or IP address without spaces is expected"),
        Int("Port", 443, min=0, max=9999),
        Int("TlsPort", 443, min=0, max=9999),
        Int("Precedence", 0, min=0, max=9999),
        Str("MediaSwitchObjectId", computed=True),
        Str("PhoneSystemURI", computed=True),
        Int("SkinnyStateMachineEnum", 10, readonly=True),
        Str("HostOrIPAddressV6", "", max_len=255, pattern=r"^\S+$",
            pattern_msg="An IPv6 address without spaces is expected"),
        Str("CcmAXLUser", "", max_len=64),
        Str("CcmAXLPassword", "", max_len=255, writeonly=True),
        Bool("IsPinSyncEnabled", False),
        Str("CcmVersion", "5", readonly=True),
    )

    def computed(self, backend, obj):
        return {
            "MediaSwitchObjectId": obj["_parent"],
            "PhoneSystemURI": f"{VMREST}/phonesystems/{obj['_parent']}",
        }

    def defaults(self, backend, parent_obj):
        existing = backend.children(self.type_name, parent_obj["ObjectId"])
        return {"Precedence": max((o["Precedence"] for o in existing), default=-1) + 1}

    @staticmethod
    def primary(servers):
        """The primary AXL server of a phone system: the lowest Precedence; on a tie the one
        created first (``servers`` in creation order)."""
        best = None
        for index, server in enumerate(servers):
            key = (server["Precedence"], index)
            if best is None or key < best[0]:
                best = (key, server)
        return best[1] if best else None

    def _check_pin_sync(self, backend, obj, servers):
        """IsPinSyncEnabled true only on the primary AXL server (000 L127, 004 L166)."""
        if not obj.get("IsPinSyncEnabled") or backend.lenient_allows("pin-sync-any-server"):
            return
        primary = self.primary(servers)
        if primary is not obj:
            raise InvalidParameter(
                "IsPinSyncEnabled", "true",
                "IsPinSyncEnabled applies to the primary AXL server only (the lowest Precedence; on "
                f"a tie the one created first): the primary of this phone system would be "
                f"{primary['HostOrIPAddress']} (Precedence {primary['Precedence']}, "
                f"ObjectId={primary['ObjectId']}), not this server (Precedence {obj['Precedence']})")

    def build(self, backend, obj, values, extras, parent_obj):
        if "MediaRemoteServiceEnum" not in values and not backend.lenient_allows("axl-phone-system-id"):
            raise InvalidParameter("MediaRemoteServiceEnum", "",
                                   f"This field is required ({AXL_SERVICE} for an AXL server)")
        servers = backend.children(self.type_name, parent_obj["ObjectId"]) + [obj]
        self._check_pin_sync(backend, obj, servers)
        return [obj]

    def validate_update(self, backend, new, values):
        # checked when the PUT sends IsPinSyncEnabled true or a Precedence (the server keeps
        # or gets pin sync and its rank may change)
        if values.get("IsPinSyncEnabled") is True or "Precedence" in values:
            servers = [new if s["ObjectId"] == new["ObjectId"] else s
                       for s in backend.children(self.type_name, new["_parent"])]
            self._check_pin_sync(backend, new, servers)


@resource
class PhoneSystemAssociationSpec(ResourceSpec):
    """Users associated with a phone system. Read-only on /vmrest; seeded by the admin API."""

    type_name = "PhoneSystemAssociation"
    list_name = "PhoneSystemAssociations"
    path = "phonesystemassociations"
    parent = "PhoneSystem"
    operations = frozenset({"list", "get"})
    fields = (
        Str("URI", computed=True),
        Str("Alias", required=True, min_len=1, max_len=64),
        Str("DisplayName", "", max_len=64),
        Str("MediaSwitchDisplayName", computed=True),
        Str("MediaSwitchObjectId", computed=True),
        Str("PhoneSystemURI", computed=True),
        Int("numNotificationDevice", 0, min=0),
        Int("numNotificationMWI", 0, min=0),
        Int("numPrimaryCallHandler", 1, min=0),
        Str("ObjectId", readonly=True),
    )

    def computed(self, backend, obj):
        parent = backend._objects["PhoneSystem"][obj["_parent"]]
        return {
            "MediaSwitchDisplayName": parent["DisplayName"],
            "MediaSwitchObjectId": obj["_parent"],
            "PhoneSystemURI": f"{VMREST}/phonesystems/{obj['_parent']}",
        }


# --------------------------------------------------------------------------------------
# VMS servers (the Unity Connection servers of the cluster; from configuration)
# --------------------------------------------------------------------------------------

@resource
class VmsServerSpec(ResourceSpec):
    type_name = "VmsServer"
    list_name = "VmsServers"
    path = "vmsservers"
    operations = frozenset({"list", "get"})
    persisted = False
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        Str("ServerName", readonly=True),
        Str("VmsServerObjectId", computed=True),
    )

    def computed(self, backend, obj):
        return {"VmsServerObjectId": obj["ObjectId"]}


# --------------------------------------------------------------------------------------
# Telephony integrations: port group templates, codec definitions, SIP security profiles,
# SIP certificates, port groups (with their servers and codecs) and ports
# --------------------------------------------------------------------------------------

SCCP, SIP, PIMG = 1, 2, 3
INTEGRATION_NAMES = {SCCP: "SCCP", SIP: "SIP", PIMG: "PIMG/TIMG"}
RESET_NOT_REQUIRED, RESET_REQUIRED, RESET_IN_PROGRESS = 0, 100, 101
NO_SPACES = r"^\S+$"

# (ObjectId, CopyTelephonyIntegrationMethodEnum, TemplateDescriptionDefault): fixed on every CUC
PORT_GROUP_TEMPLATES = (
    ("90dd306f-b8af-46b6-8289-f13437cc1e5e", SCCP, "SCCP"),
    ("04e0e286-56ed-4f27-a325-756a49dd98e1", SIP, "SIP"),
    ("8fc4952c-aa4f-4b96-a4b3-dbe26e49d899", PIMG, "SIP to DMG/PIMG/TIMG"),
)
# (ObjectId, DisplayName) as in the reference, in its order
RTP_CODECS = (
    ("5623a48c-255d-a121-a4b4-5788238a8123", "G.711 mu-law"),
    ("672e247c-33de-b232-b5b4-12eb238a8234", "G.711 a-law"),
    ("7823a48c-105d-b232-07b4-635a20810345", "G.722"),
    ("8923aabc-3650-b232-1b00-0788b04a84c6", "G.729"),
    ("9a23b48c-060d-b267-2589-5701238ab567", "iLBC"),
)
CODEC_G711_ULAW = RTP_CODECS[0][0]
CODEC_G729 = RTP_CODECS[3][0]
# The SIP security profiles of a fresh server: (ObjectId, Port, DoTLS)
DEFAULT_SIP_PROFILES = (
    ("15a3a4d9-65a0-456a-be38-4a4aff36554c", 5060, False),
    (str(uuid.uuid5(_VMS_NAMESPACE, "sipsecurityprofile-5061-tls")), 5061, True),
)

# MediaRemoteServiceEnum of a port group server
CUCM, TFTP, SIP_PROXY, AXL, PIMG_SERVER = 100, 101, 102, 103, 104
SERVER_OF_INTEGRATION = {SCCP: CUCM, SIP: SIP_PROXY, PIMG: PIMG_SERVER}
SERVICES_ALLOWED = {SCCP: (CUCM, TFTP), SIP: (TFTP, SIP_PROXY), PIMG: ()}
SERVER_PORTS = {CUCM: (2000, 2443), TFTP: (69, 0), SIP_PROXY: (5060, 5061), PIMG_SERVER: (5060, 5061)}


def _port_group(backend, pg_id):
    return backend._objects["PortGroup"].get(pg_id)


def _users_of(backend, field, object_id):
    """Port groups whose ``field`` references ``object_id``."""
    return [pg for pg in backend._objects["PortGroup"].values() if pg.get(field) == object_id]


def _next(values, default=0):
    return max(values, default=default - 1) + 1


@resource
class PortGroupTemplateSpec(ResourceSpec):
    type_name = "PortGroupTemplate"
    list_name = "PortGroupTemplates"
    path = "portgrouptemplates"
    operations = frozenset({"list", "get"})
    persisted = False
    fields = (
        Str("URI", computed=True),
        Int("CopyTelephonyIntegrationMethodEnum", 0, readonly=True),
        Str("ObjectId", readonly=True),
        Str("TemplateDescriptionDefault", "", readonly=True),
    )

    def seed(self, backend):
        return [{"ObjectId": oid, "CopyTelephonyIntegrationMethodEnum": tim,
                 "TemplateDescriptionDefault": desc} for oid, tim, desc in PORT_GROUP_TEMPLATES]


@resource
class RtpCodecDefSpec(ResourceSpec):
    type_name = "RtpCodecDef"
    list_name = "RtpCodecDefs"
    path = "rtpcodecdefs"
    path_aliases = ("rtpcodecsdefs",)    # the reference's spelling
    operations = frozenset({"list", "get"})
    persisted = False
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        Str("DisplayName", "", readonly=True),
    )

    def seed(self, backend):
        return [{"ObjectId": oid, "DisplayName": name} for oid, name in RTP_CODECS]


@resource
class SipSecurityProfileSpec(ResourceSpec):
    type_name = "SipSecurityProfile"
    list_name = "SipSecurityProfiles"
    path = "sipsecurityprofiles"
    path_aliases = ("sipprofiles",)      # 002 fetches them there
    unique_name = "Port"
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        Int("Port", None, required=True, min=1024, max=65535),
        Bool("DoTLS", False),
        Str("DisplayName", computed=True),
    )

    def computed(self, backend, obj):
        return {"DisplayName": f"{obj['Port']}/TLS" if obj["DoTLS"] else str(obj["Port"])}

    def seed(self, backend):
        return [{"ObjectId": oid, "Port": port, "DoTLS": tls} for oid, port, tls in DEFAULT_SIP_PROFILES]

    def on_update(self, backend, obj, changes):
        if changes:
            for pg in _users_of(backend, "MediaSipSecurityProfileObjectId", obj["ObjectId"]):
                backend.mark_reset_required(pg["ObjectId"])

    def before_delete(self, backend, obj):
        users = _users_of(backend, "MediaSipSecurityProfileObjectId", obj["ObjectId"])
        if users:
            raise DataException(
                f"Cannot delete SIP security profile {self.computed(backend, obj)['DisplayName']}: it is "
                f"used by port group(s) {', '.join(pg['DisplayName'] for pg in users)}")


@resource
class SipCertificateSpec(ResourceSpec):
    type_name = "SipCertificate"
    list_name = "SipCertificates"
    path = "sipcertificates"
    path_aliases = ("sipcertificate",)   # the reference's Example 2 spelling
    unique_name = "DisplayName"
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        Str("Certificate", "", readonly=True),
        Str("PrivateKey", "", readonly=True),
        Str("SubjectName", required=True, min_len=1, max_len=64),
        Str("DisplayName", required=True, min_len=1, max_len=64),
    )

    def on_create(self, backend, obj, parent_obj):
        obj["Certificate"], obj["PrivateKey"] = backend.sip_ca().issue(obj["SubjectName"])

    def on_update(self, backend, obj, changes):
        if "SubjectName" in changes:
            obj["Certificate"], _ = backend.sip_ca().issue(obj["SubjectName"], obj["PrivateKey"])
            for pg in _users_of(backend, "MediaCertificateObjectId", obj["ObjectId"]):
                backend.mark_reset_required(pg["ObjectId"])

    def before_delete(self, backend, obj):
        users = _users_of(backend, "MediaCertificateObjectId", obj["ObjectId"])
        if users:
            raise DataException(
                f"Cannot delete SIP certificate {obj['DisplayName']}: it is used by port group(s) "
                f"{', '.join(pg['DisplayName'] for pg in users)}")


def _mask_secret(value):
    """Stand-in for CUC's encrypted rendering of a stored secret (base64, 24 characters)."""
    return base64.b64encode(hashlib.sha256(str(value).encode("utf-8")).digest()[:16]).decode("ascii")


PG_ONLY_FOR = {
    # field -> integration methods it applies to (absent from the others' rendering)
    "SkinnyDevicePrefix": (SCCP,),
    "SipContactLineName": (SIP,),
    "SipRegisterWithProxyServer": (SIP,),
    "SipDoAuthenticate": (SIP,),
    "SipAuthenticateAsUser": (SIP,),
    "SipAuthenticatePassword": (SIP,),
    "WaitForCallInfoMs": (SIP, PIMG),
    "SipDoDtmfRfc2833": (SIP, PIMG),
    "SipDoDtmfKPML": (SIP, PIMG),
    "MediaSipSecurityProfileObjectId": (SIP, PIMG),
    "MediaCertificateObjectId": (SIP, PIMG),
    "SipRPIDDisplayName": (SIP, PIMG),
    "MwiReqPortSpecific": (PIMG,),
}
# Changing one of these leaves the port group needing a reset (ResetStatusEnum 100).
PG_RESET_FIELDS = ("MediaSipSecurityProfileObjectId", "MediaCertificateObjectId", "SipTLSModeEnum",
                   "SipTransportProtocolEnum")
DEFAULT_DEVICE_PREFIX = "CiscoUM1-VI"


@resource
class PortGroupSpec(ResourceSpec):
    type_name = "PortGroup"
    list_name = "PortGroups"
    path = "portgroups"
    owner = "PhoneSystem"
    owner_field = "MediaSwitchObjectId"
    unique_name = "DisplayName"
    fields = (
        Str("URI", computed=True),
        Ref("MediaPortGroupTemplateObjectId", required=True, createonly=True),
        Ref("MediaSwitchObjectId", required=True, createonly=True),
        Str("PhoneSystemURI", computed=True),
        IntChoice("TelephonyIntegrationMethodEnum", None, (SCCP, SIP, PIMG), createonly=True),
        Bool("EnableMWI", False),
        Str("DisplayName", required=True, min_len=1, max_len=64, createonly=True),
        Bool("EnableAGC", True),
        Bool("CcmDoAutoFailback", True),
        Str("MwiOnCode", "", max_len=64),
        Str("MwiOffCode", "", max_len=64),
        Int("MwiRetryCountOnSuccess", 0, min=0, max=10),
        Int("MwiRetryIntervalOnSuccessMs", 5, min=0, max=100),
        Str("ObjectId", readonly=True),
        Str("SipContactLineName", "", max_len=64, pattern=r"^[A-Za-z0-9\-_.!~*'()&=+$,;?\\%]*$",
            pattern_msg="Letters, digits and - _ . ! ~ * ' ( ) & = + $ , ; ? \\ % are allowed"),
        IntChoice("SipTransportProtocolEnum", 10, (10, 11)),
        Bool("SipRegisterWithProxyServer", False),
        Bool("SipDoAuthenticate", False),
        Str("SipAuthenticateAsUser", None, max_len=64),
        Str("SipAuthenticatePassword", None, max_len=256, writeonly=True, mask=_mask_secret),
        Str("SkinnyDevicePrefix", None, max_len=48, pattern=NO_SPACES,
            pattern_msg="A device name prefix without spaces is expected", createonly=True),
        Int("MwiMinRequestIntervalMs", 0, min=0, max=5000),
        Int("OutgoingGuardTimeMs", 2500, min=0, max=10000),
        Int("OutgoingPostDialDelayMs", 50, min=0, max=3000),
        Int("OutgoingPreDialDelayMs", 0, min=0, max=3000),
        Int("DelayBeforeOpeningMs", 0, min=0, max=3000),
        Int("DtmfDialInterDigitDelayMs", 50, min=0, max=500),
        Bool("MwiReqPortSpecific", True),
        Int("MwiMaxConcurrentRequests", 0, min=0, max=250),
        Str("MediaSwitchDisplayName", computed=True),
        Int("PortCount", 0, computed=True),
        Int("WaitForCallInfoMs", 0, min=0, max=10000),
        Bool("SipDoSRTP", True),
        Bool("SipDoDtmfRfc2833", True),
        Bool("SipDoDtmfKPML", True),
        Ref("MediaSipSecurityProfileObjectId", None),
        Ref("MediaCertificateObjectId", None),
        IntChoice("SipTLSModeEnum", 11, (10, 11)),
        Str("SipRPIDDisplayName", None, max_len=64),
        Int("ResetStatusEnum", 0, computed=True),
        Int("RecordingDTMFClipMs", 170, min=0, max=300),
        Int("RecordingToneExtraClipMs", 250, min=0, max=5000),
        IntChoice("PreferredCallControl", 0, (0, 1, 2)),
        IntChoice("SipPreferredMedia", 0, (0, 1, 2)),
        Bool("NoiseFreeEnable", True),
        Str("PortGroupServerURI", computed=True),
        Str("PortGroupCodecURI", computed=True),
        Str("PortURI", computed=True),
    )
    inputs = (
        Str("HostOrIPAddress", "", required=True, min_len=1, max_len=255, pattern=NO_SPACES,
            pattern_msg="A host name or IP address without spaces is expected"),
    )

    def computed(self, backend, obj):
        ps = backend._objects["PhoneSystem"].get(obj["_parent"], {})
        base = f"{VMREST}/portgroups/{obj['ObjectId']}"
        return {
            "PhoneSystemURI": f"{VMREST}/phonesystems/{obj['_parent']}",
            "MediaSwitchDisplayName": ps.get("DisplayName", ""),
            "PortCount": len(backend.children("Port", obj["ObjectId"])),
            "ResetStatusEnum": backend.reset_status(obj),
            "PortGroupServerURI": f"{base}/portgroupservers",
            "PortGroupCodecURI": f"{base}/portgroupcodecs",
            "PortURI": f"{VMREST}/ports/",
        }

    @staticmethod
    def _check_applicable(tim, values):
        for name in values:
            allowed = PG_ONLY_FOR.get(name)
            if allowed and tim not in allowed:
                raise InvalidParameter(
                    name, values[name],
                    f"Not applicable to a {INTEGRATION_NAMES[tim]} port group (only "
                    f"{', '.join(INTEGRATION_NAMES[t] for t in allowed)})")

    @staticmethod
    def _check_refs(backend, obj, values):
        tim = obj["TelephonyIntegrationMethodEnum"]
        if tim == SCCP:
            return
        profile = obj.get("MediaSipSecurityProfileObjectId")
        if profile is None:
            raise InvalidParameter("MediaSipSecurityProfileObjectId", "",
                                   "A SIP security profile is required for SIP and PIMG/TIMG port groups")
        if profile not in backend._objects["SipSecurityProfile"]:
            raise InvalidParameter("MediaSipSecurityProfileObjectId", profile,
                                   "No SIP security profile with this ObjectId")
        cert = obj.get("MediaCertificateObjectId")
        if cert is not None and cert not in backend._objects["SipCertificate"]:
            raise InvalidParameter("MediaCertificateObjectId", cert, "No SIP certificate with this ObjectId")

    def build(self, backend, obj, values, extras, parent_obj):
        template = backend._objects["PortGroupTemplate"].get(obj["MediaPortGroupTemplateObjectId"])
        if template is None:
            raise InvalidParameter("MediaPortGroupTemplateObjectId", obj["MediaPortGroupTemplateObjectId"],
                                   "No port group template with this ObjectId")
        tim = template["CopyTelephonyIntegrationMethodEnum"]
        given = values.get("TelephonyIntegrationMethodEnum")
        if given is None and not backend.lenient_allows("port-group-integration-default"):
            # 002 L558, L634, L761, L806: a value is needed; every create example sends it
            raise InvalidParameter(
                "TelephonyIntegrationMethodEnum", "",
                f"This field is required (1 SCCP, 2 SIP, 3 PIMG/TIMG); the template "
                f"{template['TemplateDescriptionDefault']} is for {tim}")
        if given is not None and given != tim:
            raise InvalidParameter(
                "TelephonyIntegrationMethodEnum", given,
                f"The port group template {template['TemplateDescriptionDefault']} "
                f"({template['ObjectId']}) is for TelephonyIntegrationMethodEnum {tim}")
        obj["TelephonyIntegrationMethodEnum"] = tim
        self._check_applicable(tim, {k: v for k, v in values.items() if v is not None})
        for name, allowed in PG_ONLY_FOR.items():
            if tim not in allowed:
                obj[name] = None
        if tim == SCCP:
            if not obj.get("SkinnyDevicePrefix"):
                # 002 L589, L616: every SCCP create sends it; it cannot be changed later
                if not backend.lenient_allows("sccp-device-prefix-default"):
                    raise InvalidParameter(
                        "SkinnyDevicePrefix", values.get("SkinnyDevicePrefix", ""),
                        "This field is required for SCCP port groups (the ports' device name "
                        "prefix; it cannot be changed later)")
                obj["SkinnyDevicePrefix"] = DEFAULT_DEVICE_PREFIX
        elif obj.get("MediaSipSecurityProfileObjectId") is None:
            obj["MediaSipSecurityProfileObjectId"] = backend.default_sip_profile_id()
        self._check_refs(backend, obj, values)
        obj["_reset_status"] = RESET_NOT_REQUIRED
        obj["_reset_at"] = None
        return [obj]

    def after_create(self, backend, objs, extras):
        pg = objs[0]
        tim = pg["TelephonyIntegrationMethodEnum"]
        service = SERVER_OF_INTEGRATION[tim]
        port, tls_port = SERVER_PORTS[service]
        backend.insert("PortGroupServer", pg["ObjectId"], {
            "MediaRemoteServiceEnum": service, "HostOrIPAddress": extras["HostOrIPAddress"],
            "Port": port, "TlsPort": tls_port, "Precedence": 0,
            "SkinnyStateMachineEnum": 10 if tim == SCCP else None,
        })
        for pref, codec in enumerate((CODEC_G711_ULAW, CODEC_G729)):
            backend.insert("PortGroupCodec", pg["ObjectId"], {
                "RtpCodecDefObjectId": codec, "PreferredPacketSizeMs": 20, "Preference": pref})

    def on_update(self, backend, obj, changes):
        tim = obj["TelephonyIntegrationMethodEnum"]
        self._check_applicable(tim, changes)
        self._check_refs(backend, obj, changes)
        if any(name in changes for name in PG_RESET_FIELDS):
            obj["_reset_status"] = RESET_REQUIRED
            obj["_reset_at"] = None


@resource
class PortGroupServerSpec(ResourceSpec):
    type_name = "PortGroupServer"
    list_name = "PortGroupServers"
    path = "portgroupservers"
    parent = "PortGroup"
    parent_ref = "MediaPortGroupObjectId"       # 003 L25-28: mandatory
    parent_ref_lenient = "server-port-group-id"
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        IntChoice("MediaRemoteServiceEnum", None, (CUCM, TFTP, SIP_PROXY, AXL, PIMG_SERVER),
                  required=True, createonly=True),
        Str("MediaPortGroupObjectId", computed=True),
        Str("PortGroupURI", computed=True),
        Str("HostOrIPAddress", "127.0.0.1", min_len=1, max_len=255, pattern=NO_SPACES,
            pattern_msg="A host name or IP address without spaces is expected"),
        Int("Port", None, min=0, max=9999),
        Int("TlsPort", None, min=0, max=9999),
        Int("Precedence", None, min=0, max=9999),
        IntChoice("SkinnyStateMachineEnum", None, (10, 20)),
        Str("HostOrIPAddressV6", "", max_len=255, pattern=NO_SPACES,
            pattern_msg="An IPv6 address or host name without spaces is expected"),
    )

    def computed(self, backend, obj):
        return {"MediaPortGroupObjectId": obj["_parent"],
                "PortGroupURI": f"{VMREST}/portgroups/{obj['_parent']}"}

    @staticmethod
    def _refuse_pimg(pg):
        if pg["TelephonyIntegrationMethodEnum"] == PIMG:
            raise DataException(
                f"Port group {pg['DisplayName']} is a PIMG/TIMG port group: creation, modification "
                f"and deletion of port group servers for PIMG is not supported")

    def before_create(self, backend, parent_obj, data):
        self._refuse_pimg(parent_obj)

    def before_update(self, backend, obj, data):
        self._refuse_pimg(_port_group(backend, obj["_parent"]))

    def build(self, backend, obj, values, extras, parent_obj):
        pg = parent_obj
        tim = pg["TelephonyIntegrationMethodEnum"]
        service = obj["MediaRemoteServiceEnum"]
        if service not in SERVICES_ALLOWED[tim]:
            raise InvalidParameter(
                "MediaRemoteServiceEnum", service,
                f"A {INTEGRATION_NAMES[tim]} port group takes "
                f"{' or '.join(str(s) for s in SERVICES_ALLOWED[tim])}")
        port, tls_port = SERVER_PORTS[service]
        if obj["Port"] is None:
            obj["Port"] = port
        if obj["TlsPort"] is None:
            obj["TlsPort"] = tls_port
        if obj["Precedence"] is None:
            obj["Precedence"] = _next(s["Precedence"] for s in backend.children(self.type_name, pg["ObjectId"])
                                      if s["MediaRemoteServiceEnum"] == service)
        if tim == SCCP:
            if obj["SkinnyStateMachineEnum"] is None:
                obj["SkinnyStateMachineEnum"] = 10
        elif obj["SkinnyStateMachineEnum"] is not None:
            raise InvalidParameter("SkinnyStateMachineEnum", obj["SkinnyStateMachineEnum"],
                                   "Valid only for SCCP port groups")
        return [obj]

    def after_create(self, backend, objs, extras):
        backend.mark_reset_required(objs[0]["_parent"])

    def on_update(self, backend, obj, changes):
        pg = _port_group(backend, obj["_parent"])
        if "SkinnyStateMachineEnum" in changes and pg["TelephonyIntegrationMethodEnum"] != SCCP:
            raise InvalidParameter("SkinnyStateMachineEnum", changes["SkinnyStateMachineEnum"],
                                   "Valid only for SCCP port groups")
        if changes:
            backend.mark_reset_required(pg["ObjectId"])

    def before_delete(self, backend, obj):
        self._refuse_pimg(_port_group(backend, obj["_parent"]))

    def after_delete(self, backend, obj):
        backend.mark_reset_required(obj["_parent"])


@resource
class PortGroupCodecSpec(ResourceSpec):
    type_name = "PortGroupCodec"
    list_name = "PortGroupCodecs"
    path = "portgroupcodecs"
    parent = "PortGroup"
    parent_ref = "MediaPortGroupObjectId"       # 002 L1092: sent in the only codec POST
    parent_ref_lenient = "codec-port-group-id"
    operations = frozenset({"list", "get", "create", "delete"})   # no update: delete and add
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        Str("MediaPortGroupObjectId", computed=True),
        Ref("RtpCodecDefObjectId", required=True, createonly=True),
        IntChoice("PreferredPacketSizeMs", 20, (10, 20, 30)),
        Int("Preference", None, min=0, max=9999),
    )

    def computed(self, backend, obj):
        return {"MediaPortGroupObjectId": obj["_parent"]}

    def hidden_fields(self, backend):
        # --hide-codec-preference: Preference appears on no reference page
        return ("Preference",) if backend.hide_codec_preference else ()

    def build(self, backend, obj, values, extras, parent_obj):
        codec = backend._objects["RtpCodecDef"].get(obj["RtpCodecDefObjectId"])
        if codec is None:
            raise InvalidParameter("RtpCodecDefObjectId", obj["RtpCodecDefObjectId"],
                                   "No RTP codec definition with this ObjectId")
        existing = backend.children(self.type_name, parent_obj["ObjectId"])
        if any(c["RtpCodecDefObjectId"] == codec["ObjectId"] for c in existing):
            raise DataException(f"Codec {codec['DisplayName']} is already advertised by port group "
                                f"{parent_obj['DisplayName']}")
        if obj["Preference"] is None:
            obj["Preference"] = _next(c["Preference"] for c in existing)
        return [obj]

    def after_create(self, backend, objs, extras):
        backend.mark_reset_required(objs[0]["_parent"])

    def after_delete(self, backend, obj):
        backend.mark_reset_required(obj["_parent"])


@resource
class PortSpec(ResourceSpec):
    type_name = "Port"
    list_name = "Ports"
    path = "ports"
    owner = "PortGroup"
    owner_field = "MediaPortGroupObjectId"
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        Ref("MediaPortGroupObjectId", required=True, createonly=True),
        Str("PortGroupURI", computed=True),
        Int("TelephonyIntegrationMethodEnum", 0, computed=True),
        Int("PortNumInGroup", 0, readonly=True),
        IntChoice("SkinnySecurityModeEnum", 0, (0, 1, 2)),
        Bool("SkinnyDoMediaEncryption", False, computed=True),
        Ref("VmsServerObjectId", None),
        Int("HuntOrder", 0, min=0, max=9999),
        Str("DisplayName", "", readonly=True),
        Str("SkinnyDeviceName", None, readonly=True),
        Int("PimgPortNumber", 0, readonly=True),
        Bool("CapAnswer", True),
        Bool("CapNotification", True),
        Bool("CapMWI", True),
        Bool("CapEnabled", True),
        Bool("CapDeliverAmis", False),
        Bool("CapTrapConnection", True),
        Str("MediaSwitchDisplayName", computed=True),
        Str("MediaSwitchObjectId", computed=True),
        Str("PhoneSystemURI", computed=True),
        Str("MediaPortGroupDisplayName", computed=True),
        Bool("MediaPortGroupEnableMWI", computed=True),
        Bool("MediaPortGroupMwiReqPortSpecific", computed=True),
        Int("SipSendPort", 0, readonly=True),
        Str("VmsServerName", computed=True),
    )
    inputs = (Int("NumberOfPorts", None, required=True, min=1, max=9999),)

    def computed(self, backend, obj):
        pg = _port_group(backend, obj["_parent"]) or {}
        ps = backend._objects["PhoneSystem"].get(pg.get("_parent"), {})
        vms = backend._objects["VmsServer"].get(obj.get("VmsServerObjectId") or "", {})
        mwi_port_specific = pg.get("MwiReqPortSpecific")
        return {
            "PortGroupURI": f"{VMREST}/portgroups/{obj['_parent']}",
            "TelephonyIntegrationMethodEnum": pg.get("TelephonyIntegrationMethodEnum"),
            "SkinnyDoMediaEncryption": obj["SkinnySecurityModeEnum"] == 2,
            "MediaSwitchDisplayName": ps.get("DisplayName"),
            "MediaSwitchObjectId": pg.get("_parent"),
            "PhoneSystemURI": f"{VMREST}/phonesystems/{pg.get('_parent')}",
            "MediaPortGroupDisplayName": pg.get("DisplayName"),
            "MediaPortGroupEnableMWI": pg.get("EnableMWI"),
            "MediaPortGroupMwiReqPortSpecific": True if mwi_port_specific is None else mwi_port_specific,
            "VmsServerName": vms.get("ServerName"),
        }

    @staticmethod
    def _check_vms(backend, tim, vms_id):
        if vms_id is None:
            if tim in (SCCP, SIP):
                raise InvalidParameter("VmsServerObjectId", "",
                                       "This field is required for ports of SCCP and SIP port groups")
            return
        if vms_id not in backend._objects["VmsServer"]:
            raise InvalidParameter("VmsServerObjectId", vms_id, "No VMS server with this ObjectId")

    def build(self, backend, obj, values, extras, parent_obj):
        pg = parent_obj
        tim = pg["TelephonyIntegrationMethodEnum"]
        count = extras["NumberOfPorts"]
        if count % 2:
            raise InvalidParameter("NumberOfPorts", count, "Ports must be added in even numbers")
        self._check_vms(backend, tim, obj["VmsServerObjectId"])
        if obj["VmsServerObjectId"] is None:     # PIMG/TIMG: the first (publisher) server
            obj["VmsServerObjectId"] = next(iter(backend._objects["VmsServer"]))
        in_use = len(backend._objects["Port"])
        if in_use + count > backend.license_ports:
            raise DataException(
                f"Cannot add {count} ports: the license allows {backend.license_ports} voice messaging "
                f"ports and {in_use} are configured (LicenseVoicePorts exceeded)")
        start = _next((p["PortNumInGroup"] for p in backend.children(self.type_name, pg["ObjectId"])),
                      default=1)
        ports = []
        for i in range(count):
            port = dict(obj)
            port["ObjectId"] = obj["ObjectId"] if i == 0 else new_id()
            number = start + i
            port["PortNumInGroup"] = number
            port["PimgPortNumber"] = number
            port["DisplayName"] = f"{pg['DisplayName']}-{number:03d}"
            port["SkinnyDeviceName"] = f"{pg['SkinnyDevicePrefix']}{number}" if tim == SCCP else None
            ports.append(port)
        return ports

    def on_update(self, backend, obj, changes):
        if "VmsServerObjectId" in changes:
            pg = _port_group(backend, obj["_parent"])
            self._check_vms(backend, pg["TelephonyIntegrationMethodEnum"], obj["VmsServerObjectId"])
            if obj["VmsServerObjectId"] is None:
                obj["VmsServerObjectId"] = next(iter(backend._objects["VmsServer"]))


# --------------------------------------------------------------------------------------
# The backend
# --------------------------------------------------------------------------------------

class CupiBackend:
    """The state of one emulated Unity Connection server. Thread-safe (one RLock)."""

    STATE_VERSION = 1

    def __init__(self, vms_servers=("cuc-pub",), license_ports=250, state_file=None,
                 reset_seconds=DEFAULT_RESET_SECONDS, lenient=(), no_sip_certificate_post=False,
                 hide_codec_preference=False, max_rows_per_page=0):
        self.lock = threading.RLock()
        self.vms_server_names = list(vms_servers) or ["cuc-pub"]
        self.license_ports = license_ports
        # How long a port group reset stays "in progress" (ResetStatusEnum 101) before it
        # reads 0; settable at any time (tests, /__emulator__/config).
        self.reset_seconds = reset_seconds
        # Leniencies allowed (LENIENCIES; none by default) and the real-server variations.
        # Plain attributes: settable at any time (tests, /__emulator__/config).
        self.lenient = parse_lenient(lenient)
        self.no_sip_certificate_post = bool(no_sip_certificate_post)
        self.hide_codec_preference = bool(hide_codec_preference)
        if isinstance(max_rows_per_page, bool) or not isinstance(max_rows_per_page, int) or max_rows_per_page < 0:
            raise ValueError("max_rows_per_page must be an integer >= 0")
        self.max_rows_per_page = max_rows_per_page
        self.state_file = state_file
        self._objects = {}
        with self.lock:
            self._init_state()
            if state_file and os.path.exists(state_file):
                self._load()

    # ---- state --------------------------------------------------------------------
    def _init_state(self):
        self._objects = {name: {} for name in RESOURCES}
        for name in self.vms_server_names:
            oid = vms_server_id(name)
            self._objects["VmsServer"][oid] = {"ObjectId": oid, "ServerName": name, "_parent": None}
        for spec in RESOURCES.values():
            for obj in spec.seed(self):
                obj.setdefault("_parent", None)
                self._objects[spec.type_name][obj["ObjectId"]] = obj

    def reset(self):
        """Back to the initial state: no phone systems, only the VMS servers."""
        with self.lock:
            self._init_state()
            self._save()

    def _load(self):
        try:
            with open(self.state_file, encoding="utf-8") as fh:
                data = json.load(fh)
        except ValueError as exc:
            raise ValueError(f"state file {self.state_file} is not valid JSON: {exc}") from None
        for type_name, objs in data.get("objects", {}).items():
            spec = RESOURCES.get(type_name)
            if spec is None or not spec.persisted:
                continue
            self._objects[type_name] = {o["ObjectId"]: o for o in objs}

    def _save(self):
        if not self.state_file:
            return
        data = {
            "version": self.STATE_VERSION,
            "objects": {
                name: list(objs.values())
                for name, objs in self._objects.items() if RESOURCES[name].persisted
            },
        }
        folder = os.path.dirname(os.path.abspath(self.state_file))
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".cupi-state-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
        os.replace(tmp, self.state_file)

    def snapshot(self):
        """A deep copy of every stored object (secrets included), for tests and debugging."""
        with self.lock:
            return copy.deepcopy(self._objects)

    # ---- helpers used by specs ----------------------------------------------------
    def lenient_allows(self, name):
        """Whether the leniency ``name`` (a key of LENIENCIES) is on."""
        if name not in LENIENCIES:  # pragma: no cover - a typo in a spec
            raise KeyError(name)
        return name in self.lenient

    def children(self, type_name, parent_id):
        return [o for o in self._objects[type_name].values() if o["_parent"] == parent_id]

    def port_count(self, phone_system_id):
        """Ports of a phone system (of all its port groups)."""
        groups = {g["ObjectId"] for g in self.children("PortGroup", phone_system_id)}
        return sum(1 for p in self._objects["Port"].values() if p.get("_parent") in groups)

    def _spec(self, type_name):
        return RESOURCES[type_name]

    def _find(self, spec, object_id, parent_id):
        obj = self._objects[spec.type_name].get(str(object_id).lower())
        if obj is None or (spec.parent and parent_id is not None and obj["_parent"] != parent_id.lower()):
            return None
        return obj

    def _parent_obj(self, spec, parent_id):
        if not spec.parent:
            return None
        return self._objects[spec.parent].get(str(parent_id or "").lower())

    def view(self, spec, obj):
        """The object as a client sees it: every field in order, computed values filled,
        write-only values blanked. Python values (str/int/bool)."""
        computed = spec.computed(self, obj)
        hidden = spec.hidden_fields(self)
        out = {}
        for f in spec.fields:
            if f.name in hidden:
                continue
            if f.name == "URI":
                value = spec.uri(self, obj)
            elif f.computed:
                value = computed.get(f.name, f.default)
            else:
                value = obj.get(f.name, f.default)
                if f.writeonly and value is not None:
                    value = f.mask(value) if (f.mask and value != "") else ""
            if value is not None:   # CUPI leaves NULL columns out
                out[f.name] = value
        return out

    def _coerce_input(self, spec, data, creating, current=None):
        values = {}
        hidden = spec.hidden_fields(self)
        for f in spec.fields:
            if f.readonly or f.name not in data or f.name in hidden:
                continue
            value = f.coerce(data[f.name])
            if not creating and f.createonly:
                if f.same(current.get(f.name), value):
                    continue
                raise InvalidParameter(f.name, data[f.name],
                                       "This field cannot be changed after the object is created")
            values[f.name] = value
        if creating:
            for f in spec.fields:
                if f.required and (f.name not in values or values[f.name] in ("", None)):
                    raise InvalidParameter(f.name, data.get(f.name, ""), "This field is required")
        return values

    def _coerce_inputs(self, spec, data):
        extras = {}
        for f in spec.inputs:
            if f.name in data:
                extras[f.name] = f.coerce(data[f.name])
            elif f.default is not None:
                extras[f.name] = f.default
            if f.required and extras.get(f.name) in ("", None):
                raise InvalidParameter(f.name, data.get(f.name, ""), "This field is required")
        return extras

    @staticmethod
    def _check_parent_ref(spec, data, parent_type, parent_id, creating, lenient):
        """The body's reference to the URL's parent (``spec.parent_ref``, or a port group's
        MediaSwitchObjectId with ``POST /vmrest/portgroups/<phone system id>``): required on
        create (unless ``lenient``), and the URL's object whenever it is sent."""
        name = spec.parent_ref if spec.parent_ref else spec.owner_field
        label = PARENT_LABELS.get(parent_type, parent_type)
        if name not in data and not creating:
            return
        value = data.get(name)
        if isinstance(value, (dict, list)):
            raise InvalidParameter(name, value, "A single value is expected")
        text = "" if value is None else str(value).strip()
        if text == "" and creating:
            if lenient:
                return
            raise InvalidParameter(name, "", f"This field is required: the ObjectId of the {label} "
                                             f"in the URL ({parent_id})")
        if text.lower() != parent_id:
            raise InvalidParameter(name, text, f"Must be the ObjectId of the {label} in the URL "
                                               f"({parent_id})")

    def _check_unique(self, spec, obj):
        field = spec.unique_name
        if not field:
            return
        pool = self._objects[spec.type_name].values()
        if spec.unique_scope == "parent":
            pool = [o for o in pool if o["_parent"] == obj["_parent"]]
        name = str(obj[field]).lower()
        for other in pool:
            if other["ObjectId"] != obj["ObjectId"] and str(other[field]).lower() == name:
                raise DataException(
                    f"A {spec.type_name} with {field} '{obj[field]}' already exists "
                    f"(ObjectId={other['ObjectId']})"
                )

    # ---- generic operations -------------------------------------------------------
    def list(self, type_name, parent_id=None, *, query=None, sort=None, rows_per_page=None,
             page_number=None):
        """(total, [views]) with CUPI's query/sort/paging; unknown parent -> (0, [])."""
        spec = self._spec(type_name)
        with self.lock:
            if spec.parent:
                if self._parent_obj(spec, parent_id) is None:
                    return 0, []
                objs = self.children(type_name, parent_id.lower())
            else:
                objs = list(self._objects[type_name].values())
            views = [self.view(spec, o) for o in objs]
        return listing.apply(views, query, sort, rows_per_page, page_number,
                             max_rows=self.max_rows_per_page)

    def get(self, type_name, object_id, parent_id=None):
        spec = self._spec(type_name)
        with self.lock:
            obj = self._find(spec, object_id, parent_id)
            if obj is None:
                raise NotFound(type_name, object_id)
            return self.view(spec, obj)

    def create(self, type_name, data, parent_id=None, *, object_id=None, owner_id=None):
        """Create from wire values; returns the (first) new object's view (with URI).

        ``owner_id`` (for specs with an ``owner``) comes from the URL and wins over the body's
        ``owner_field``; an unknown owner from the URL is NOT_FOUND, from the body
        INVALID_PARAMETER."""
        spec = self._spec(type_name)
        with self.lock:
            parent_obj = self._parent_obj(spec, parent_id)
            if spec.parent and parent_obj is None:
                raise NotFound(spec.parent, parent_id)
            spec.before_create(self, parent_obj, data)
            if spec.parent_ref:
                self._check_parent_ref(spec, data, spec.parent, parent_obj["ObjectId"], True,
                                       self.lenient_allows(spec.parent_ref_lenient))
            if spec.owner:
                data = dict(data)
                if owner_id is not None:
                    parent_obj = self._objects[spec.owner].get(str(owner_id).lower())
                    if parent_obj is None:
                        raise NotFound(spec.owner, owner_id)
                    # the body may leave the owner out (the URL names it), never name another
                    self._check_parent_ref(spec, data, spec.owner, parent_obj["ObjectId"], True, True)
                    data[spec.owner_field] = parent_obj["ObjectId"]
            values = self._coerce_input(spec, data, creating=True)
            if spec.owner and owner_id is None:
                parent_obj = self._objects[spec.owner].get(values[spec.owner_field])
                if parent_obj is None:
                    raise InvalidParameter(spec.owner_field, data.get(spec.owner_field),
                                           f"No {spec.owner} with this ObjectId")
            extras = self._coerce_inputs(spec, data)
            obj = {f.name: copy.copy(f.default) for f in spec.fields if not f.computed}
            obj.update(spec.defaults(self, parent_obj))
            obj.update(values)
            obj["ObjectId"] = object_id or new_id()
            obj["_parent"] = parent_obj["ObjectId"] if parent_obj is not None else None
            objs = spec.build(self, obj, values, extras, parent_obj)
            for new in objs:
                self._check_unique(spec, new)
                self._objects[type_name][new["ObjectId"]] = new
            spec.after_create(self, objs, extras)
            self._save()
            return self.view(spec, objs[0])

    def update(self, type_name, object_id, data, parent_id=None):
        """PUT: unknown id -> DataException; all values checked before any is applied."""
        spec = self._spec(type_name)
        with self.lock:
            obj = self._find(spec, object_id, parent_id)
            if obj is None:
                raise DataException(f"{type_name} - ObjectId={object_id} does not exist; nothing to update")
            spec.before_update(self, obj, data)
            if spec.parent_ref:
                self._check_parent_ref(spec, data, spec.parent, obj["_parent"], False, False)
            values = self._coerce_input(spec, data, creating=False, current=obj)
            for f in spec.fields:
                if f.required and f.name in values and values[f.name] in ("", None):
                    raise InvalidParameter(f.name, "", "This field may not be empty")
            new = dict(obj)
            new.update(values)
            self._check_unique(spec, new)
            # on_update sees only the values that really change.
            changes = {k: v for k, v in values.items() if obj.get(k) != v}
            spec.validate_update(self, new, values)
            spec.on_update(self, new, changes)
            obj.clear()
            obj.update(new)
            self._save()

    def delete(self, type_name, object_id, parent_id=None):
        spec = self._spec(type_name)
        with self.lock:
            obj = self._find(spec, object_id, parent_id)
            if obj is None:
                raise NotFound(type_name, object_id)
            spec.before_delete(self, obj)
            self._delete_tree(spec, obj)
            spec.after_delete(self, obj)
            self._save()

    def _delete_tree(self, spec, obj):
        """Delete ``obj`` and, first, everything under it (URL children and owned objects)."""
        for child_spec in RESOURCES.values():
            if spec.type_name in (child_spec.parent, child_spec.owner):
                for child in self.children(child_spec.type_name, obj["ObjectId"]):
                    self._delete_tree(child_spec, child)
        self._objects[spec.type_name].pop(obj["ObjectId"], None)

    def insert(self, type_name, parent_id, values):
        """Store a new object made by the emulator itself (defaults + ``values``, no checks):
        e.g. the server and codecs a new port group starts with."""
        spec = self._spec(type_name)
        obj = {f.name: copy.copy(f.default) for f in spec.fields if not f.computed}
        obj.update(values)
        obj["ObjectId"] = new_id()
        obj["_parent"] = parent_id
        self._objects[type_name][obj["ObjectId"]] = obj
        return obj

    # ---- telephony helpers -------------------------------------------------------
    def default_sip_profile_id(self):
        """The SIP security profile a new SIP or PIMG/TIMG port group gets: 5060 without TLS
        if it exists, else the first profile (None without any)."""
        profiles = list(self._objects["SipSecurityProfile"].values())
        for profile in profiles:
            if profile["Port"] == 5060 and not profile["DoTLS"]:
                return profile["ObjectId"]
        return profiles[0]["ObjectId"] if profiles else None

    def sip_ca(self):
        """The root that signs this server's SIP certificates (made on first use)."""
        if getattr(self, "_sip_ca", None) is None:
            from cupi_emulator.certs import SipCertificateAuthority
            self._sip_ca = SipCertificateAuthority()
        return self._sip_ca

    def reset_status(self, pg):
        """ResetStatusEnum of a port group: 101 turns into 0 ``reset_seconds`` after the reset."""
        status = pg.get("_reset_status", RESET_NOT_REQUIRED)
        if status == RESET_IN_PROGRESS and time.time() - (pg.get("_reset_at") or 0) >= self.reset_seconds:
            return RESET_NOT_REQUIRED
        return status

    def mark_reset_required(self, pg_id):
        pg = self._objects["PortGroup"].get(pg_id)
        if pg is not None:
            pg["_reset_status"] = RESET_REQUIRED
            pg["_reset_at"] = None

    def reset_port_group(self, pg_id):
        """PUT /vmrest/portgroups/<id>/reset: 100 -> 101 (-> 0 after ``reset_seconds``)."""
        with self.lock:
            pg = self._objects["PortGroup"].get(str(pg_id).lower())
            if pg is None:
                raise DataException(f"PortGroup - ObjectId={pg_id} does not exist; nothing to reset")
            status = self.reset_status(pg)
            if status == RESET_NOT_REQUIRED:
                raise DataException(f"Port group {pg['DisplayName']} does not need a reset "
                                    f"(ResetStatusEnum is 0, reset not required)")
            if status == RESET_IN_PROGRESS:
                raise DataException(f"A reset of port group {pg['DisplayName']} is already in progress "
                                    f"(ResetStatusEnum is 101)")
            pg["_reset_status"] = RESET_IN_PROGRESS
            pg["_reset_at"] = time.time()
            self._save()

    # ---- emulator-only operations (admin API) --------------------------------------
    def find_phone_system(self, name_or_id):
        with self.lock:
            key = str(name_or_id).lower()
            systems = self._objects["PhoneSystem"]
            if key in systems:
                return systems[key]
            for ps in systems.values():
                if ps["DisplayName"].lower() == key:
                    return ps
            raise NotFound("PhoneSystem", name_or_id)

    def seed_association(self, phone_system, alias, display_name="", **counts):
        """Associate a (pretend) user with a phone system; returns the association's view."""
        with self.lock:
            ps = self.find_phone_system(phone_system)
            data = {"Alias": alias, "DisplayName": display_name or alias}
            data.update(counts)
            return self.create("PhoneSystemAssociation", data, ps["ObjectId"])

    def axl_password(self, axl_id):
        with self.lock:
            obj = self._objects["AXLServer"].get(str(axl_id).lower())
            if obj is None:
                raise NotFound("AXLServer", axl_id)
            return obj["CcmAXLPassword"]


__all__ = [
    "LENIENCIES", "RESOURCES", "Bool", "Choice", "CupiBackend", "Field", "Int", "IntChoice", "Ref", "ResourceSpec",
    "Str",
    "new_id", "parse_lenient", "resource", "vms_server_id",
]
