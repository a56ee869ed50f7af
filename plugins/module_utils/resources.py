# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CUPI object types this collection manages, declared once."""

from __future__ import annotations

from ansible_collections.cupi.telephony.plugins.module_utils.spec import Field, Resource

DTMF_DIGITS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "A", "B", "C", "D"]

PHONE_SYSTEM = Resource(
    kind="phone system",
    path="/vmrest/phonesystems",
    root="PhoneSystem",
    list_root="PhoneSystems",
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
    list_root="AXLServers",
    name_field="HostOrIPAddress",
    fields=[
        Field("host", "HostOrIPAddress", max_length=255),
        Field("host_ipv6", "HostOrIPAddressV6", max_length=255),
        Field("port", "Port", type="int", minimum=0, maximum=65535),
        Field("tls_port", "TlsPort", type="int", minimum=0, maximum=65535),
        Field("precedence", "Precedence", type="int", minimum=0, maximum=9999),
        Field("username", "CcmAXLUser", max_length=64),
        Field("password", "CcmAXLPassword", secret=True),
        Field("pin_sync", "IsPinSyncEnabled", type="bool"),
        Field("ccm_version", "CcmVersion", readonly=True),
    ],
)

PHONE_SYSTEM_ASSOCIATION = Resource(
    kind="phone system association",
    path="/vmrest/phonesystems/{phone_system_id}/phonesystemassociations",
    root="PhoneSystemAssociation",
    list_root="PhoneSystemAssociations",
    name_field="Alias",
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
    root="VmsServer",
    list_root="VmsServers",
    name_field="ServerName",
    fields=[
        Field("name", "ServerName", readonly=True),
        Field("object_id", "VmsServerObjectId", readonly=True),
    ],
)
