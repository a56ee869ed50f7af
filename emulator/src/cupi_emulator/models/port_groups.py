"""Telephony integrations: port group templates, port groups, their servers and their codecs."""

import base64
import hashlib

from cupi_emulator.exceptions import DataException, InvalidParameter
from cupi_emulator.fields import Bool, Int, IntChoice, Ref, Str
from cupi_emulator.models.base import VMREST, ResourceSpec, next_number, resource
from cupi_emulator.models.rtp_codecs import CODEC_G711_ULAW, CODEC_G729

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

# MediaRemoteServiceEnum of a port group server
CUCM, TFTP, SIP_PROXY, AXL, PIMG_SERVER = 100, 101, 102, 103, 104
SERVER_OF_INTEGRATION = {SCCP: CUCM, SIP: SIP_PROXY, PIMG: PIMG_SERVER}
SERVICES_ALLOWED = {SCCP: (CUCM, TFTP), SIP: (TFTP, SIP_PROXY), PIMG: ()}
SERVER_PORTS = {CUCM: (2000, 2443), TFTP: (69, 0), SIP_PROXY: (5060, 5061), PIMG_SERVER: (5060, 5061)}


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
        ps = backend.object("PhoneSystem", obj["_parent"]) or {}
        base = f"{VMREST}/portgroups/{obj['ObjectId']}"
        return {
            "PhoneSystemURI": f"{VMREST}/phonesystems/{obj['_parent']}",
            "MediaSwitchDisplayName": ps.get("DisplayName", ""),
            "PortCount": len(backend.objects("Port", obj["ObjectId"])),
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
        if backend.object("SipSecurityProfile", profile) is None:
            raise InvalidParameter("MediaSipSecurityProfileObjectId", profile,
                                   "No SIP security profile with this ObjectId")
        cert = obj.get("MediaCertificateObjectId")
        if cert is not None and backend.object("SipCertificate", cert) is None:
            raise InvalidParameter("MediaCertificateObjectId", cert, "No SIP certificate with this ObjectId")

    def build(self, backend, obj, values, extras, parent_obj):
        template = backend.object("PortGroupTemplate", obj["MediaPortGroupTemplateObjectId"])
        if template is None:
            raise InvalidParameter("MediaPortGroupTemplateObjectId", obj["MediaPortGroupTemplateObjectId"],
                                   "No port group template with this ObjectId")
        tim = template["CopyTelephonyIntegrationMethodEnum"]
        given = values.get("TelephonyIntegrationMethodEnum")
        if given is None and not backend.lenient_allows("port-group-integration-default"):
            # Port Groups, "Creating SCCP Port Group", "Creating SIP Port Group", "Adding SCCP Port
            # Group" and "Adding SIP Port Groups": a value is needed; every create example sends it
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
                # Port Groups, "Creating SCCP Port Group": every SCCP create sends it; it cannot
                # be changed later
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
    # Port Group Server Settings, "Adding a SIP Proxy Server to Existing Port Group with SIP Phone
    # Integration": mandatory
    parent_ref = "MediaPortGroupObjectId"
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
        self._refuse_pimg(backend.object("PortGroup", obj["_parent"]))

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
            obj["Precedence"] = next_number(
                s["Precedence"] for s in backend.objects(self.type_name, pg["ObjectId"])
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
        pg = backend.object("PortGroup", obj["_parent"])
        if "SkinnyStateMachineEnum" in changes and pg["TelephonyIntegrationMethodEnum"] != SCCP:
            raise InvalidParameter("SkinnyStateMachineEnum", changes["SkinnyStateMachineEnum"],
                                   "Valid only for SCCP port groups")
        if changes:
            backend.mark_reset_required(pg["ObjectId"])

    def before_delete(self, backend, obj):
        self._refuse_pimg(backend.object("PortGroup", obj["_parent"]))

    def after_delete(self, backend, obj):
        backend.mark_reset_required(obj["_parent"])


@resource
class PortGroupCodecSpec(ResourceSpec):
    type_name = "PortGroupCodec"
    list_name = "PortGroupCodecs"
    path = "portgroupcodecs"
    parent = "PortGroup"
    # Port Groups, "Addings Codecs to the existing Port Group": sent in the only codec POST
    parent_ref = "MediaPortGroupObjectId"
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
        codec = backend.object("RtpCodecDef", obj["RtpCodecDefObjectId"])
        if codec is None:
            raise InvalidParameter("RtpCodecDefObjectId", obj["RtpCodecDefObjectId"],
                                   "No RTP codec definition with this ObjectId")
        existing = backend.objects(self.type_name, parent_obj["ObjectId"])
        if any(c["RtpCodecDefObjectId"] == codec["ObjectId"] for c in existing):
            raise DataException(f"Codec {codec['DisplayName']} is already advertised by port group "
                                f"{parent_obj['DisplayName']}")
        if obj["Preference"] is None:
            obj["Preference"] = next_number(c["Preference"] for c in existing)
        return [obj]

    def after_create(self, backend, objs, extras):
        backend.mark_reset_required(objs[0]["_parent"])

    def after_delete(self, backend, obj):
        backend.mark_reset_required(obj["_parent"])
