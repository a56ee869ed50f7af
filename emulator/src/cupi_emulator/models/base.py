"""What every resource shares: the ``ResourceSpec`` base class, the ``@resource`` registry,
the leniency names and the id helpers.

Every resource is one ``ResourceSpec`` subclass registered with ``@resource``: its fields
(order = wire order, defaults, ranges), where it lives (``path``, ``parent``), which
operations it supports, and hooks for its rules (``on_create``, ``on_update``,
``before_delete``, ``computed``). The hooks get the backend and reach the stored objects
through its public lookup (``backend.objects``, ``backend.object``).
"""

import uuid

VMREST = "/vmrest"
_NAMESPACE = uuid.UUID("5b1bd4a2-6e0b-4c3e-9a53-0c5f2f4a9c11")
PARENT_LABELS = {"PhoneSystem": "phone system", "PortGroup": "port group"}

# type_name -> the ResourceSpec instance, in registration order.
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


def stable_id(name):
    """An id derived from ``name``: the same on every start."""
    return str(uuid.uuid5(_NAMESPACE, name))


def vms_server_id(name):
    """Stable id per VMS server name, so ids survive restarts."""
    return stable_id(name.lower())


def next_number(values, default=0):
    """One more than the largest of ``values``; ``default`` when there are none."""
    return max(values, default=default - 1) + 1


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
            parent_obj = backend.object(self.parent, obj["_parent"])
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
