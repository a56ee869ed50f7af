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

import copy
import json
import os
import tempfile
import threading
import uuid

from cupi_emulator import listing
from cupi_emulator.exceptions import DataException, InvalidParameter, NotFound
from cupi_emulator.fields import Bool, Choice, Field, Int, Str

VMREST = "/vmrest"
_VMS_NAMESPACE = uuid.UUID("5b1bd4a2-6e0b-4c3e-9a53-0c5f2f4a9c11")

RESOURCES = {}


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

    def on_create(self, backend, obj, parent_obj):
        """Cross-field rules for a new object (already filled with defaults and input)."""

    def on_update(self, backend, obj, changes):
        """Cross-field rules for an update; ``obj`` holds the new values."""

    def before_delete(self, backend, obj):
        """Raise DataException to refuse a delete."""


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
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        Int("MediaRemoteServiceEnum", 103, readonly=True),
        Str("HostOrIPAddress", required=True, min_len=1, max_len=255, pattern=r"^\S+$",
            pattern_msg="A host name or IP address without spaces is expected"),
        Int("Port", 443, min=0, max=65535),
        Int("TlsPort", 443, min=0, max=65535),
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
# The backend
# --------------------------------------------------------------------------------------

class CupiBackend:
    """The state of one emulated Unity Connection server. Thread-safe (one RLock)."""

    STATE_VERSION = 1

    def __init__(self, vms_servers=("cuc-pub",), license_ports=250, state_file=None):
        self.lock = threading.RLock()
        self.vms_server_names = list(vms_servers) or ["cuc-pub"]
        self.license_ports = license_ports
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
    def children(self, type_name, parent_id):
        return [o for o in self._objects[type_name].values() if o["_parent"] == parent_id]

    def port_count(self, phone_system_id):
        """Ports of a phone system (0 until port groups and ports exist)."""
        if "Port" not in RESOURCES or "PortGroup" not in RESOURCES:
            return 0
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
        out = {}
        for f in spec.fields:
            if f.name == "URI":
                out["URI"] = spec.uri(self, obj)
            elif f.computed:
                out[f.name] = computed.get(f.name, f.default)
            elif f.writeonly:
                out[f.name] = ""
            else:
                out[f.name] = obj.get(f.name, f.default)
        return out

    def _coerce_input(self, spec, data, creating):
        values = {}
        for f in spec.fields:
            if f.readonly or f.name not in data:
                continue
            values[f.name] = f.coerce(data[f.name])
        if creating:
            for f in spec.fields:
                if f.required and (f.name not in values or values[f.name] in ("", None)):
                    raise InvalidParameter(f.name, data.get(f.name, ""), "This field is required")
        return values

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
        return listing.apply(views, query, sort, rows_per_page, page_number)

    def get(self, type_name, object_id, parent_id=None):
        spec = self._spec(type_name)
        with self.lock:
            obj = self._find(spec, object_id, parent_id)
            if obj is None:
                raise NotFound(type_name, object_id)
            return self.view(spec, obj)

    def create(self, type_name, data, parent_id=None, *, object_id=None):
        """Create from wire values; returns the new object's view (with URI)."""
        spec = self._spec(type_name)
        with self.lock:
            parent_obj = self._parent_obj(spec, parent_id)
            if spec.parent and parent_obj is None:
                raise NotFound(spec.parent, parent_id)
            values = self._coerce_input(spec, data, creating=True)
            obj = {f.name: copy.copy(f.default) for f in spec.fields if not f.computed}
            if parent_obj is not None:
                obj.update(spec.defaults(self, parent_obj))
            else:
                obj.update(spec.defaults(self, None))
            obj.update(values)
            obj["ObjectId"] = object_id or new_id()
            obj["_parent"] = parent_obj["ObjectId"] if parent_obj is not None else None
            self._check_unique(spec, obj)
            spec.on_create(self, obj, parent_obj)
            self._objects[type_name][obj["ObjectId"]] = obj
            self._save()
            return self.view(spec, obj)

    def update(self, type_name, object_id, data, parent_id=None):
        """PUT: unknown id -> DataException; all values checked before any is applied."""
        spec = self._spec(type_name)
        with self.lock:
            obj = self._find(spec, object_id, parent_id)
            if obj is None:
                raise DataException(f"{type_name} - ObjectId={object_id} does not exist; nothing to update")
            values = self._coerce_input(spec, data, creating=False)
            for f in spec.fields:
                if f.required and f.name in values and values[f.name] in ("", None):
                    raise InvalidParameter(f.name, "", "This field may not be empty")
            new = dict(obj)
            new.update(values)
            self._check_unique(spec, new)
            spec.on_update(self, new, values)
            obj.clear()
            obj.update(new)
            self._save()

    def delete(self, type_name, object_id, parent_id=None):
        spec = self._spec(type_name)
        with self.lock:
            obj = self._find(spec, object_id, parent_id)
            if obj is None:
                raise NotFound(type_name, object_id)
            self._delete_tree(spec, obj)
            self._save()

    def _delete_tree(self, spec, obj):
        spec.before_delete(self, obj)
        for child_spec in RESOURCES.values():
            if child_spec.parent == spec.type_name:
                for child in self.children(child_spec.type_name, obj["ObjectId"]):
                    self._delete_tree(child_spec, child)
        self._objects[spec.type_name].pop(obj["ObjectId"], None)

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
    "RESOURCES", "Bool", "Choice", "CupiBackend", "Field", "Int", "ResourceSpec", "Str",
    "new_id", "resource", "vms_server_id",
]
