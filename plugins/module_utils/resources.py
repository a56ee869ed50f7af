# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CUPI object types this collection manages, declared once."""

from __future__ import annotations

from ansible_collections.cupi.telephony.plugins.module_utils.spec import PATH_PARAMETER, Field, Reference, Resource

# The methods of a write, for ``Resource.stale_on_write``.
WRITES = ("POST", "PUT", "DELETE")
CHANGES = ("PUT", "DELETE")

DTMF_DIGITS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "A", "B", "C", "D"]

PHONE_SYSTEM = Resource(
    kind="phone system",
    path="/vmrest/phonesystems",
    root="PhoneSystem",
    subset="phone_systems",
    fields=[
        Field("name", "DisplayName", max_length=64),
        Field("mwi_always_update", "MwiAlwaysUpdate", type="bool"),
        Field("mwi_port_memory", "MwiPortMemory", type="bool"),
        Field("mwi_force_off", "MwiForceOff", type="bool"),
        Field("call_loop_supervised_transfer_detect", "CallLoopSupervisedTransferDetect", type="bool"),
        Field("call_loop_forward_notification_detect", "CallLoopForwardNotificationDetect", type="bool"),
        Field("call_loop_extension_detect", "CallLoopExtensionDetect", type="bool"),
        Field("call_loop_dtmf", "CallLoopDTMF", allowed=DTMF_DIGITS),
        Field("call_loop_guard_time_ms", "CallLoopGuardTimeMs", type="int", minimum=0, maximum=10000),
        Field("enable_phone_applications", "EnablePhoneApplications", type="bool"),
        Field("default_trap_switch", "DefaultTRaPSwitch", type="bool"),
        Field("restrict_dial_unconditional", "RestrictDialUnconditional", type="bool"),
        Field("restrict_dial_scheduled", "RestrictDialScheduled", type="bool"),
        Field("restrict_dial_start_time", "RestrictDialStartTime", type="int", minimum=0, maximum=1439),
        Field("restrict_dial_end_time", "RestrictDialEndTime", type="int", minimum=0, maximum=1439),
        Field("port_count", "PortCount", type="int", readonly=True),
    ],
)

AXL_SERVER = Resource(
    kind="AXL server",
    path="/vmrest/phonesystems/{phone_system_id}/axlservers",
    root="AXLServer",
    name_field="HostOrIPAddress",
    parent_field="MediaSwitchObjectId",
    parent_on_update=True,
    create_constants={"MediaRemoteServiceEnum": "103"},
    parent=PHONE_SYSTEM,
    key=("host",),
    order="precedence",
    primary_flag="pin_sync",  # PIN sync is for the primary AXL server only (axl_servers' docs)
    subset="axl_servers",
    fields=[
        Field("host", "HostOrIPAddress", max_length=255),
        Field("host_ipv6", "HostOrIPAddressV6", max_length=255),
        Field("port", "Port", type="int", minimum=0, maximum=9999),
        Field("tls_port", "TlsPort", type="int", minimum=0, maximum=9999),
        Field("precedence", "Precedence", type="int", minimum=0, maximum=9999),
        Field("username", "CcmAXLUser", max_length=64),
        Field("password", "CcmAXLPassword", max_length=255, secret=True),
        Field("pin_sync", "IsPinSyncEnabled", type="bool"),
        Field("ccm_version", "CcmVersion", readonly=True),
    ],
)

PHONE_SYSTEM_ASSOCIATION = Resource(
    kind="phone system association",
    path="/vmrest/phonesystems/{phone_system_id}/phonesystemassociations",
    root="PhoneSystemAssociation",
    name_field="Alias",
    parent=PHONE_SYSTEM,
    subset="phone_system_associations",
    fields=[
        Field("alias", "Alias", readonly=True),
        Field("display_name", "DisplayName", readonly=True),
        Field("notification_devices", "numNotificationDevice", type="int", readonly=True),
        Field("mwi_devices", "numNotificationMWI", type="int", readonly=True),
        Field("primary_call_handlers", "numPrimaryCallHandler", type="int", readonly=True),
    ],
)

VMS_SERVER = Resource(
    kind="VMS server",
    path="/vmrest/vmsservers",
    subset="vms_servers",
    root="VmsServer",
    name_field="ServerName",
    id_field="VmsServerObjectId",
    fields=[Field("name", "ServerName", readonly=True)],
)

INTEGRATIONS = {"sccp": 1, "sip": 2, "pimg": 3}
IP_MODES = {"ipv4": 0, "ipv6": 1, "ipv4_ipv6": 2}

PORT_GROUP_TEMPLATE = Resource(
    kind="port group template",
    path="/vmrest/portgrouptemplates",
    subset="port_group_templates",
    root="PortGroupTemplate",
    name_field="TemplateDescriptionDefault",
    fields=[
        Field("name", "TemplateDescriptionDefault", readonly=True),
        Field("integration", "CopyTelephonyIntegrationMethodEnum", type="enum", choices=INTEGRATIONS, readonly=True),
    ],
)

RTP_CODEC = Resource(
    kind="codec",
    path="/vmrest/rtpcodecdefs",
    subset="rtp_codecs",
    root="RtpCodecDef",
    fields=[Field("name", "DisplayName", readonly=True)],
)

SIP_SECURITY_PROFILE = Resource(
    kind="SIP security profile",
    path="/vmrest/sipsecurityprofiles",
    subset="sip_security_profiles",
    root="SipSecurityProfile",
    name_field="Port",
    update_always=("sip_port",),
    fields=[
        Field("sip_port", "Port", type="int", minimum=1024, maximum=65535),
        Field("tls", "DoTLS", type="bool"),
        Field("name", "DisplayName", readonly=True),
    ],
)

SIP_CERTIFICATE = Resource(
    kind="SIP certificate",
    path="/vmrest/sipcertificates",
    subset="sip_certificates",
    root="SipCertificate",
    update_always=("name",),
    fields=[
        Field("name", "DisplayName", max_length=64),
        Field("subject_name", "SubjectName", max_length=64),
    ],
)

# The integrations whose port groups use SIP (a PIMG/TIMG group talks SIP to its gateways):
# the SIP settings apply to them only; an SCCP group's are left out of an export.
SIP_BASED = ("sip", "pimg")


def only_for(integrations, *fields):
    """``fields``, each marked as applying to the port groups of ``integrations`` only."""
    for field in fields:
        field.integrations = tuple(integrations)
    return fields


# A change of a setting marked ``resets`` leaves the port group needing a reset
# (ResetStatusEnum 100, docs/references.md#resets; docs/resets.md); so do its servers and codecs.
PORT_GROUP = Resource(
    kind="port group",
    path="/vmrest/portgroups",
    subset="port_groups",
    root="PortGroup",
    fields=[
        Field("name", "DisplayName", max_length=64, create_only=True),
        Field("phone_system", "MediaSwitchObjectId", create_only=True,
              reference=Reference(PHONE_SYSTEM, display="MediaSwitchDisplayName")),
        Field("integration", "TelephonyIntegrationMethodEnum", type="enum", choices=INTEGRATIONS, create_only=True),
        Field("host", "HostOrIPAddress", max_length=255, create_only=True),
        Field("device_prefix", "SkinnyDevicePrefix", max_length=48, create_only=True),
        Field("enable_mwi", "EnableMWI", type="bool"),
        Field("mwi_on_code", "MwiOnCode", max_length=64),
        Field("mwi_off_code", "MwiOffCode", max_length=64),
        Field("mwi_max_concurrent_requests", "MwiMaxConcurrentRequests", type="int", minimum=0, maximum=250),
        Field("mwi_retry_count_on_success", "MwiRetryCountOnSuccess", type="int", minimum=0, maximum=10),
        Field("mwi_retry_interval_on_success_ms", "MwiRetryIntervalOnSuccessMs", type="int", minimum=0, maximum=100),
        Field("mwi_min_request_interval_ms", "MwiMinRequestIntervalMs", type="int", minimum=0, maximum=5000),
        Field("mwi_port_specific", "MwiReqPortSpecific", type="bool"),
        Field("preferred_call_control", "PreferredCallControl", type="enum", choices=IP_MODES),
        *only_for(
            SIP_BASED,
            Field("sip_preferred_media", "SipPreferredMedia", type="enum", choices=IP_MODES),
            Field("sip_register_with_proxy_server", "SipRegisterWithProxyServer", type="bool"),
            Field("sip_authenticate", "SipDoAuthenticate", type="bool"),
            Field("sip_authenticate_as_user", "SipAuthenticateAsUser", max_length=64),
            Field("sip_authenticate_password", "SipAuthenticatePassword", max_length=256, secret=True),
            Field("sip_contact_line_name", "SipContactLineName", max_length=64),
            Field("sip_security_profile", "MediaSipSecurityProfileObjectId", type="int",
                  reference=Reference(SIP_SECURITY_PROFILE), resets=True),
            Field("sip_certificate", "MediaCertificateObjectId", reference=Reference(SIP_CERTIFICATE), resets=True),
            Field("sip_transport_protocol", "SipTransportProtocolEnum", type="enum", choices={"udp": 10, "tcp": 11}, resets=True),
            Field("sip_tls_mode", "SipTLSModeEnum", type="enum", choices={"authenticated": 10, "encrypted": 11}, resets=True),
            Field("sip_srtp", "SipDoSRTP", type="bool"),
            Field("sip_rpid_display_name", "SipRPIDDisplayName", max_length=64),
            Field("sip_dtmf_kpml", "SipDoDtmfKPML", type="bool"),
            Field("sip_dtmf_rfc2833", "SipDoDtmfRfc2833", type="bool")),
        Field("ccm_auto_failback", "CcmDoAutoFailback", type="bool"),
        Field("delay_before_opening_ms", "DelayBeforeOpeningMs", type="int", minimum=0, maximum=3000),
        Field("outgoing_guard_time_ms", "OutgoingGuardTimeMs", type="int", minimum=0, maximum=10000),
        Field("outgoing_pre_dial_delay_ms", "OutgoingPreDialDelayMs", type="int", minimum=0, maximum=3000),
        Field("outgoing_post_dial_delay_ms", "OutgoingPostDialDelayMs", type="int", minimum=0, maximum=3000),
        Field("dtmf_dial_inter_digit_delay_ms", "DtmfDialInterDigitDelayMs", type="int", minimum=0, maximum=500),
        Field("recording_dtmf_clip_ms", "RecordingDTMFClipMs", type="int", minimum=0, maximum=300),
        Field("recording_tone_extra_clip_ms", "RecordingToneExtraClipMs", type="int", minimum=0, maximum=5000),
        Field("wait_for_call_info_ms", "WaitForCallInfoMs", type="int", minimum=0, maximum=10000),
        Field("enable_agc", "EnableAGC", type="bool"),
        Field("noise_free_enable", "NoiseFreeEnable", type="bool"),
        Field("reset_status", "ResetStatusEnum", type="enum", readonly=True,
              choices={"not_required": 0, "required": 100, "in_progress": 101}),
        Field("port_count", "PortCount", type="int", readonly=True),
    ],
    # A deleted port group's phone system counts fewer ports.
    stale_on_write=((PHONE_SYSTEM, None, ("DELETE",)),),
)

# What port_group_servers may add or change; a PIMG/TIMG group's own server (104) is only
# read: the reference supports no server change on such a group (Port Group Server Settings,
# introduction).
SERVER_TYPES = {"cucm": 100, "tftp": 101, "sip_proxy": 102}
READ_ONLY_SERVER_TYPES = {"pimg": 104}
# The server types each integration's port group takes, declared once: the module
# (port_group_servers), the role's checks (integration_errors, integration_preflight) and the
# data file's schema (tools/gen_integration_role.py) all read it. Cisco's page on port group
# servers (Port Group Server Settings, docs/references.md): a SIP proxy server ("Adding a SIP
# Proxy Server to Existing Port Group with SIP Phone Integration") and a TFTP server ("Adding a
# TFTP Server to Existing Port Group with SIP Phone Integration") for SIP, a CUCM server for
# SCCP ("Adding a CCM Server to Existing Port Group with SCCP Phone Integration"), no change at
# all for PIMG/TIMG (the page's introduction, "Port Group Server Settings"). SCCP also takes
# TFTP servers (the TFTP servers of Cisco Unified CM, MediaRemoteServiceEnum 101,
# docs/references.md#enums; the emulator's SERVICES_ALLOWED agrees).
INTEGRATION_SERVER_TYPES = {"sccp": ("cucm", "tftp"), "sip": ("tftp", "sip_proxy"), "pimg": ()}
INTEGRATION_NAMES = {"sccp": "an SCCP", "sip": "a SIP", "pimg": "a PIMG/TIMG"}


def server_type_error(integration, server_type):
    """Why a port group of ``integration`` cannot take a server of ``server_type``, or None
    (also None for an integration or type that is not known: their own checks name those)."""
    allowed = INTEGRATION_SERVER_TYPES.get(integration)
    if allowed is None or server_type not in SERVER_TYPES or server_type in allowed:
        return None
    if not allowed:
        return "%s port group takes no server changes (Unity Connection supports none, Port Group " \
               "Server Settings, introduction; its server is the port group's host)" % INTEGRATION_NAMES[integration]
    return "%s is not a server type of %s port group; it takes %s" % (
        server_type, INTEGRATION_NAMES[integration], " or ".join(allowed))


PORT_GROUP_SERVER = Resource(
    kind="port group server",
    path="/vmrest/portgroups/{port_group_id}/portgroupservers",
    root="PortGroupServer",
    name_field="HostOrIPAddress",
    parent_field="MediaPortGroupObjectId",
    update_always=("host",),
    parent=PORT_GROUP,
    key=("type", "host"),
    order="precedence",
    order_scope=("type",),  # the precedence rises within each server type
    subset="port_group_servers",
    # Changing a port group's servers or codecs leaves it needing a reset
    # (docs/references.md#resets).
    stale_on_write=((PORT_GROUP, "parent", WRITES),),
    resets_parent=True,
    fields=[
        Field("type", "MediaRemoteServiceEnum", type="enum", choices=SERVER_TYPES, read_choices=READ_ONLY_SERVER_TYPES),
        Field("host", "HostOrIPAddress", max_length=255),
        Field("host_ipv6", "HostOrIPAddressV6", max_length=255),
        Field("port", "Port", type="int", minimum=0, maximum=9999),
        Field("tls_port", "TlsPort", type="int", minimum=0, maximum=9999),
        Field("precedence", "Precedence", type="int", minimum=0, maximum=9999),
        Field("state_machine", "SkinnyStateMachineEnum", type="enum", choices={"cucm": 10, "cucme": 20}),
    ],
)

PORT_GROUP_CODEC = Resource(
    kind="port group codec",
    path="/vmrest/portgroups/{port_group_id}/portgroupcodecs",
    root="PortGroupCodec",
    name_field="RtpCodecDefObjectId",
    parent_field="MediaPortGroupObjectId",
    # Cisco's codec example (Port Groups, "Addings Codecs to the existing Port Group") sends the
    # parent, the packet size and the codec; 20 ms is the server's default. No page shows Preference: returned when the server shows
    # it, never sent (the list order is the order, docs/decisions.md).
    create_defaults=dict(packet_size=20),
    parent=PORT_GROUP,
    key=("name",),
    order="preference",
    order_sent=False,
    recreate=True,  # the server has no update of a port group codec (Port Groups, codecs)
    subset="port_group_codecs",
    stale_on_write=((PORT_GROUP, "parent", WRITES),),
    resets_parent=True,
    fields=[
        Field("name", "RtpCodecDefObjectId", reference=Reference(RTP_CODEC, fixed=True)),
        Field("packet_size", "PreferredPacketSizeMs", type="int", allowed=[10, 20, 30]),
        Field("preference", "Preference", type="int", minimum=0, maximum=9999),
    ],
)

PORT = Resource(
    kind="port",
    path="/vmrest/ports",
    subset="ports",
    root="Port",
    parent_field="MediaPortGroupObjectId",
    # The capabilities every port create example sends (Ports, "Adding SCCP Ports" to "Adding
    # PIMGTIMG Ports"), at their defaults.
    create_defaults=dict(answer_calls=True, message_notification=True, enabled=True, trap_connection=True,
                         hunt_order=0),
    # One POST adds NumberOfPorts ports; the group and its phone system count them.
    adds_many=True,
    stale_on_write=((PORT_GROUP, "parent", WRITES), (PHONE_SYSTEM, None, WRITES)),
    fields=[
        Field("name", "DisplayName", readonly=True),
        Field("number", "PortNumInGroup", type="int", readonly=True),
        Field("device_name", "SkinnyDeviceName", readonly=True),
        Field("vms_server", "VmsServerObjectId", reference=Reference(VMS_SERVER, fixed=True, display="VmsServerName")),
        Field("answer_calls", "CapAnswer", type="bool"),
        Field("message_notification", "CapNotification", type="bool"),
        Field("mwi", "CapMWI", type="bool"),
        Field("trap_connection", "CapTrapConnection", type="bool"),
        Field("enabled", "CapEnabled", type="bool"),
        Field("hunt_order", "HuntOrder", type="int", minimum=0, maximum=9999),
        Field("security_mode", "SkinnySecurityModeEnum", type="enum",
              choices={"non_secure": 0, "authenticated": 1, "encrypted": 2}, integrations=("sccp",)),
    ],
)

# The field of a ports POST that says how many ports to add (Ports, "Adding SCCP Ports" to
# "Adding PIMGTIMG Ports").
PORT_ADD_COUNT = "NumberOfPorts"

# What the server deletes with an object (docs/references.md#what-a-delete-takes-with-it): a
# phone system's port groups, a port group's ports (the lists under an object's path go with it
# anyway).
PHONE_SYSTEM.deletes_with = ((PORT_GROUP, "MediaSwitchObjectId"),)
PORT_GROUP.deletes_with = ((PORT, "MediaPortGroupObjectId"),)
# A changed profile or certificate: the port groups using it may need a reset
# (docs/references.md#resets).
SIP_SECURITY_PROFILE.stale_on_write = ((PORT_GROUP, None, CHANGES),)
SIP_CERTIFICATE.stale_on_write = ((PORT_GROUP, None, CHANGES),)

# Every type, the most specific path first (``resource_at``).
RESOURCES = (PORT_GROUP_SERVER, PORT_GROUP_CODEC, AXL_SERVER, PHONE_SYSTEM_ASSOCIATION, PORT, PORT_GROUP,
             PHONE_SYSTEM, SIP_SECURITY_PROFILE, SIP_CERTIFICATE, PORT_GROUP_TEMPLATE, RTP_CODEC, VMS_SERVER)


def resource_at(path):
    """The type a request path is about: (resource, collection path, parent id, object id,
    action), e.g. ``/vmrest/portgroups/g1/reset`` is the port group g1 with action ``reset``;
    None for a path of no declared type."""
    for resource in RESOURCES:
        match = resource.path_pattern().match(path)
        if match:
            names = PATH_PARAMETER.findall(resource.path)
            parent_id = match.group(names[-1]) if names else None
            collection = resource.collection_path(**dict((n, match.group(n)) for n in names))
            return resource, collection, parent_id, match.group("object_id"), match.group("action")
    return None


# -- The dry run's model: what the server makes and derives (check mode only) -------------------
# A new port group gets one server, its host, of the type its integration takes, at that type's
# default ports, and the codecs of its template (docs/references.md#a-new-port-group: servers
# from HostOrIPAddress, the codecs G.711 mu-law first and G.729). A real run never uses this: it
# reads what the server made. tests/unit/plugins/module_utils/test_dry_run_model.py checks it
# against the emulator.
SERVER_OF_INTEGRATION = {"sccp": "cucm", "sip": "sip_proxy", "pimg": "pimg"}
SERVER_PORTS = {"cucm": (2000, 2443), "tftp": (69, 0), "sip_proxy": (5060, 5061), "pimg": (5060, 5061)}
TEMPLATE_CODECS = ("G.711 mu-law", "G.729")
# The reset status a new port group starts with, and what a change of a field marked ``resets``,
# or of its servers or codecs, leaves it with (docs/references.md#resets).
NEW_GROUP_RESET = "not_required"
CHANGED_GROUP_RESET = "required"


def new_port_group_children(integration, host):
    """The servers and codecs (as module options) the server gives a new port group."""
    server_type = SERVER_OF_INTEGRATION[integration]
    port, tls_port = SERVER_PORTS[server_type]
    server = dict(type=server_type, host=host, port=port, tls_port=tls_port, precedence=0)
    if integration == "sccp":
        server["state_machine"] = "cucm"
    codecs = [dict(name=name, packet_size=20, preference=index) for index, name in enumerate(TEMPLATE_CODECS)]
    return {PORT_GROUP_SERVER.root: [server], PORT_GROUP_CODEC.root: codecs}


PORT_GROUP.created_children = lambda body: new_port_group_children(
    PORT_GROUP.value(body, "integration"), body.get(PORT_GROUP.by_option["host"].cupi))
