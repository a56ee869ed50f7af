"""``CupiBackend``: the state of one emulated server.

It stores the objects, runs the generic create/read/update/delete with the hooks of each
resource's ``ResourceSpec`` under one lock, cascades deletes to child resources, and
persists to the state file. ``objects`` and ``object`` are its public lookup of the stored
objects (for the specs' rules and for tests); the store itself stays private.
"""

import copy
import json
import os
import tempfile
import threading
import time

from cupi_emulator import listing
from cupi_emulator.exceptions import DataException, InvalidParameter, NotFound
from cupi_emulator.models.base import (LENIENCIES, PARENT_LABELS, RESOURCES, new_id, parse_lenient,
                                       vms_server_id)
from cupi_emulator.models.port_groups import RESET_IN_PROGRESS, RESET_NOT_REQUIRED, RESET_REQUIRED

DEFAULT_RESET_SECONDS = 2.0


class CupiBackend:
    """The state of one emulated Unity Connection server. Thread-safe (one RLock)."""

    STATE_VERSION = 1

    def __init__(self, vms_servers=("cuc-pub",), license_ports=250, state_file=None,
                 reset_seconds=DEFAULT_RESET_SECONDS, lenient=(), no_sip_certificate_post=False,
                 hide_codec_preference=False, max_rows_per_page=0, create_uri_of_parent=False):
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
        self.create_uri_of_parent = bool(create_uri_of_parent)
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

    # ---- lookup -------------------------------------------------------------------
    def objects(self, type_name, parent_id=None):
        """The stored objects of a type, in creation order; with ``parent_id`` only those
        under that object (its URL children or the objects it owns). The objects themselves,
        not copies: change them only under ``lock``."""
        with self.lock:
            stored = self._objects[type_name].values()
            if parent_id is None:
                return list(stored)
            return [o for o in stored if o["_parent"] == parent_id]

    def object(self, type_name, object_id):
        """The stored object of a type with this id (case-insensitive), or None."""
        return self._objects[type_name].get(str(object_id or "").lower())

    # ---- helpers used by specs ----------------------------------------------------
    def lenient_allows(self, name):
        """Whether the leniency ``name`` (a key of LENIENCIES) is on."""
        if name not in LENIENCIES:  # pragma: no cover - a typo in a spec
            raise KeyError(name)
        return name in self.lenient

    def port_count(self, phone_system_id):
        """Ports of a phone system (of all its port groups)."""
        groups = {g["ObjectId"] for g in self.objects("PortGroup", phone_system_id)}
        return sum(1 for p in self.objects("Port") if p.get("_parent") in groups)

    def _spec(self, type_name):
        return RESOURCES[type_name]

    def _find(self, spec, object_id, parent_id):
        obj = self.object(spec.type_name, object_id)
        if obj is None or (spec.parent and parent_id is not None and obj["_parent"] != parent_id.lower()):
            return None
        return obj

    def _parent_obj(self, spec, parent_id):
        if not spec.parent:
            return None
        return self.object(spec.parent, parent_id)

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
        pool = self.objects(spec.type_name)
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
                objs = self.objects(type_name, parent_id.lower())
            else:
                objs = self.objects(type_name)
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
                    parent_obj = self.object(spec.owner, owner_id)
                    if parent_obj is None:
                        raise NotFound(spec.owner, owner_id)
                    # the body may leave the owner out (the URL names it), never name another
                    self._check_parent_ref(spec, data, spec.owner, parent_obj["ObjectId"], True, True)
                    data[spec.owner_field] = parent_obj["ObjectId"]
            values = self._coerce_input(spec, data, creating=True)
            if spec.owner and owner_id is None:
                parent_obj = self.object(spec.owner, values[spec.owner_field])
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
                for child in self.objects(child_spec.type_name, obj["ObjectId"]):
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
        profiles = self.objects("SipSecurityProfile")
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
        pg = self.object("PortGroup", pg_id)
        if pg is not None:
            pg["_reset_status"] = RESET_REQUIRED
            pg["_reset_at"] = None

    def reset_port_group(self, pg_id):
        """PUT /vmrest/portgroups/<id>/reset: 100 -> 101 (-> 0 after ``reset_seconds``)."""
        with self.lock:
            pg = self.object("PortGroup", pg_id)
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
            found = self.object("PhoneSystem", name_or_id)
            if found is not None:
                return found
            key = str(name_or_id).lower()
            for ps in self.objects("PhoneSystem"):
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
            obj = self.object("AXLServer", axl_id)
            if obj is None:
                raise NotFound("AXLServer", axl_id)
            return obj["CcmAXLPassword"]
