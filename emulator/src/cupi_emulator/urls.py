"""Routes: every registered ResourceSpec gets its collection and object URLs here.

Top level:  /vmrest/<path>            (GET list, POST create)
            /vmrest/<path>/<id>       (GET, PUT, DELETE)
Child:      /vmrest/<parent path>/<pid>/<path>[/<id>]
Each spelling in ``path_aliases`` is routed too. Methods follow ``spec.operations``; other
methods get 405. Non-CRUD actions (e.g. a port group reset) go in EXTRA_ROUTES.
"""

from cupi_emulator import responses
from cupi_emulator.models import RESOURCES, VMREST

# (rule, endpoint, view function, methods) for actions outside the generic CRUD.
EXTRA_ROUTES = [
    # Port Groups, "Adding SCCP Port Group" and its siblings: POST /vmrest/portgroups/<phone
    # system id>
    (f"{VMREST}/portgroups/<oid>", "PortGroup.create_for_owner",
     lambda oid: responses.create_for_owner_view("PortGroup", oid), ["POST"]),
    (f"{VMREST}/portgroups/<pid>/reset", "PortGroup.reset", responses.port_group_reset_view, ["PUT"]),
]


def _segments(spec):
    return (spec.path,) + tuple(spec.path_aliases)


def _prefixes(spec):
    """URL prefixes (with '<pid>' for a parent id) under which ``spec``'s collection lives."""
    if not spec.parent:
        return [VMREST]
    parent = RESOURCES[spec.parent]
    if parent.parent:
        raise NotImplementedError("only one level of nesting is routed generically")
    return [f"{VMREST}/{seg}/<pid>" for seg in _segments(parent)]


def _collection_func(type_name):
    def view(pid=None):
        return responses.collection_view(type_name, pid)
    return view


def _object_func(type_name):
    def view(oid, pid=None):
        return responses.object_view(type_name, oid, pid)
    return view


def register(app):
    for spec in RESOURCES.values():
        ops = spec.operations
        coll_methods = [m for m, op in (("GET", "list"), ("POST", "create")) if op in ops]
        obj_methods = [m for m, op in (("GET", "get"), ("PUT", "update"), ("DELETE", "delete"))
                       if op in ops]
        n = 0
        for prefix in _prefixes(spec):
            for seg in _segments(spec):
                n += 1
                base = f"{prefix}/{seg}"
                if coll_methods:
                    app.add_url_rule(base, f"{spec.type_name}.collection.{n}",
                                     _collection_func(spec.type_name), methods=coll_methods,
                                     strict_slashes=False)
                if obj_methods:
                    app.add_url_rule(f"{base}/<oid>", f"{spec.type_name}.object.{n}",
                                     _object_func(spec.type_name), methods=obj_methods,
                                     strict_slashes=False)
    for rule, endpoint, func, methods in EXTRA_ROUTES:
        app.add_url_rule(rule, endpoint, func, methods=methods, strict_slashes=False)
