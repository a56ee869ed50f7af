"""SIP security profiles and SIP certificates (what SIP and PIMG/TIMG port groups use)."""

from cupi_emulator.exceptions import DataException
from cupi_emulator.fields import Bool, Int, Str
from cupi_emulator.models.base import ResourceSpec, resource, stable_id

# The SIP security profiles of a fresh server: (ObjectId, Port, DoTLS)
DEFAULT_SIP_PROFILES = (
    ("15a3a4d9-65a0-456a-be38-4a4aff36554c", 5060, False),
    (stable_id("sipsecurityprofile-5061-tls"), 5061, True),
)


def _users_of(backend, field, obj):
    """Port groups whose ``field`` references ``obj``."""
    return [pg for pg in backend.objects("PortGroup") if pg.get(field) == obj["ObjectId"]]


def _mark_users_reset_required(backend, field, obj):
    """A change of ``obj`` leaves the port groups using it needing a reset."""
    for pg in _users_of(backend, field, obj):
        backend.mark_reset_required(pg["ObjectId"])


def _refuse_delete_if_used(backend, field, obj, what):
    """DataException when a port group uses ``obj`` (``what`` names it in the message)."""
    users = _users_of(backend, field, obj)
    if users:
        raise DataException(f"Cannot delete {what}: it is used by port group(s) "
                            f"{', '.join(pg['DisplayName'] for pg in users)}")


@resource
class SipSecurityProfileSpec(ResourceSpec):
    type_name = "SipSecurityProfile"
    list_name = "SipSecurityProfiles"
    path = "sipsecurityprofiles"
    path_aliases = ("sipprofiles",)      # Port Groups fetches them there
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
            _mark_users_reset_required(backend, "MediaSipSecurityProfileObjectId", obj)

    def before_delete(self, backend, obj):
        _refuse_delete_if_used(backend, "MediaSipSecurityProfileObjectId", obj,
                               f"SIP security profile {self.computed(backend, obj)['DisplayName']}")


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
            _mark_users_reset_required(backend, "MediaCertificateObjectId", obj)

    def before_delete(self, backend, obj):
        _refuse_delete_if_used(backend, "MediaCertificateObjectId", obj, f"SIP certificate {obj['DisplayName']}")
