"""Phone systems, their AXL servers and the users associated with them."""

from cupi_emulator.exceptions import DataException, InvalidParameter
from cupi_emulator.fields import Bool, Choice, Int, IntChoice, Str
from cupi_emulator.models.base import VMREST, ResourceSpec, resource

# MediaRemoteServiceEnum of an AXL server (CCMAXL, Port Group Server Settings, "Explanation of Data
# Fields")
AXL_SERVICE = 103


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
        assocs = backend.objects("PhoneSystemAssociation", obj["ObjectId"])
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
    # Telephony Integrations, "Adding New AXL Server"; Phone Systems, "Adding New AXL Server": sent
    # in the POST
    parent_ref = "MediaSwitchObjectId"
    parent_ref_lenient = "axl-phone-system-id"
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        # Telephony Integrations, "Adding New AXL Server"; Phone Systems, "Adding New AXL Server":
        # sent as 103 in the POST; fixed afterwards
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
        existing = backend.objects(self.type_name, parent_obj["ObjectId"])
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

    def _check_pin_sync(self, backend, servers, written=None):
        """After a request, IsPinSyncEnabled is true on no AXL server of the phone system but
        the primary (Telephony Integrations, "AXL Servers"; Phone Systems, "AXL Servers").
        ``servers``: the phone system's servers as
        the request would leave them, in creation order; ``written``: the server it writes."""
        if backend.lenient_allows("pin-sync-any-server"):
            return
        primary = self.primary(servers)
        for server in servers:
            if server is primary or not server.get("IsPinSyncEnabled"):
                continue
            which = "this server" if server is written else (
                f"{server['HostOrIPAddress']} (ObjectId={server['ObjectId']}), which has it true,")
            raise InvalidParameter(
                "IsPinSyncEnabled", "true",
                "IsPinSyncEnabled applies to the primary AXL server only (the lowest Precedence; on "
                f"a tie the one created first): after this request the primary of this phone system "
                f"would be {primary['HostOrIPAddress']} (Precedence {primary['Precedence']}, "
                f"ObjectId={primary['ObjectId']}), not {which} (Precedence {server['Precedence']})")

    def build(self, backend, obj, values, extras, parent_obj):
        if "MediaRemoteServiceEnum" not in values and not backend.lenient_allows("axl-phone-system-id"):
            raise InvalidParameter("MediaRemoteServiceEnum", "",
                                   f"This field is required ({AXL_SERVICE} for an AXL server)")
        servers = backend.objects(self.type_name, parent_obj["ObjectId"]) + [obj]
        self._check_pin_sync(backend, servers, obj)
        return [obj]

    def validate_update(self, backend, new, values):
        servers = [new if s["ObjectId"] == new["ObjectId"] else s
                   for s in backend.objects(self.type_name, new["_parent"])]
        self._check_pin_sync(backend, servers, new)

    def before_delete(self, backend, obj):
        # deleting the primary makes the next one primary: it may not keep pin sync then
        servers = [s for s in backend.objects(self.type_name, obj["_parent"]) if s["ObjectId"] != obj["ObjectId"]]
        self._check_pin_sync(backend, servers)


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
        parent = backend.object("PhoneSystem", obj["_parent"])
        return {
            "MediaSwitchDisplayName": parent["DisplayName"],
            "MediaSwitchObjectId": obj["_parent"],
            "PhoneSystemURI": f"{VMREST}/phonesystems/{obj['_parent']}",
        }
