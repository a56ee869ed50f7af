"""VMS servers (the Unity Connection servers of the cluster, from configuration) and the
voice messaging ports of the port groups."""

from cupi_emulator.exceptions import DataException, InvalidParameter
from cupi_emulator.fields import Bool, Int, IntChoice, Ref, Str
from cupi_emulator.models.base import VMREST, ResourceSpec, new_id, next_number, resource
from cupi_emulator.models.port_groups import SCCP, SIP


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


def _first_vms_server(backend):
    """The id of the first (publisher) VMS server."""
    return backend.objects("VmsServer")[0]["ObjectId"]


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
        pg = backend.object("PortGroup", obj["_parent"]) or {}
        ps = backend.object("PhoneSystem", pg.get("_parent")) or {}
        vms = backend.object("VmsServer", obj.get("VmsServerObjectId")) or {}
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
        if backend.object("VmsServer", vms_id) is None:
            raise InvalidParameter("VmsServerObjectId", vms_id, "No VMS server with this ObjectId")

    def build(self, backend, obj, values, extras, parent_obj):
        pg = parent_obj
        tim = pg["TelephonyIntegrationMethodEnum"]
        count = extras["NumberOfPorts"]
        # Cisco's ports page: "always add ports in even number and not in odd number"
        # (Ports, "Adding Ports" and "Adding PIMGTIMG Ports").
        if count % 2:
            raise InvalidParameter("NumberOfPorts", count, "Ports must be added in even numbers")
        self._check_vms(backend, tim, obj["VmsServerObjectId"])
        if obj["VmsServerObjectId"] is None:     # PIMG/TIMG: the first (publisher) server
            obj["VmsServerObjectId"] = _first_vms_server(backend)
        in_use = len(backend.objects("Port"))
        if in_use + count > backend.license_ports:
            raise DataException(
                f"Cannot add {count} ports: the license allows {backend.license_ports} voice messaging "
                f"ports and {in_use} are configured (LicenseVoicePorts exceeded)")
        # New ports are numbered after the group's highest one; a number freed by a delete
        # is not used again (the page is silent; see docs/decisions.md).
        start = next_number((p["PortNumInGroup"] for p in backend.objects(self.type_name, pg["ObjectId"])),
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
            pg = backend.object("PortGroup", obj["_parent"])
            self._check_vms(backend, pg["TelephonyIntegrationMethodEnum"], obj["VmsServerObjectId"])
            if obj["VmsServerObjectId"] is None:
                obj["VmsServerObjectId"] = _first_vms_server(backend)
