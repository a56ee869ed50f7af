"""HTTP side of /vmrest: parse requests, call the backend, render CUPI responses.

The generic views serve every registered resource (urls.py routes them). Model exceptions
become ErrorDetails here.
"""

from flask import Response, current_app, request

from cupi_emulator import serialize
from cupi_emulator.exceptions import CupiError, DataException, NotFound
from cupi_emulator.models import RESOURCES

STATUS_BY_CODE = {"NOT_FOUND": 404, "INVALID_PARAMETER": 400, "DATA_EXCEPTION": 400,
                  "UNSUPPORTED_MEDIA_TYPE": 415}
BODY_TYPES = {
    "application/json": serialize.JSON,
    "application/xml": serialize.XML,
    "text/xml": serialize.XML,
}


def ctx():
    """The EmulatorContext of the running app (backend, sessions, log, settings)."""
    return current_app.extensions["cupi"]


def response_format():
    """application/json when the client asks for it, else XML (CUPI's default)."""
    best = request.accept_mimetypes.best_match([serialize.XML, serialize.JSON], default=serialize.XML)
    return best or serialize.XML


def _respond(body, status, fmt):
    return Response(body, status=status, content_type=fmt)


def error_response(code, message, status, headers=None):
    fmt = response_format()
    resp = _respond(serialize.render_error(code, message, fmt), status, fmt)
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    return resp


def method_not_allowed(allowed):
    """405 ErrorDetails METHOD_NOT_ALLOWED with an Allow header (as for a method a path
    has no route for)."""
    return error_response("METHOD_NOT_ALLOWED", f"Method {request.method} is not allowed on {request.path}",
                          405, {"Allow": ", ".join(allowed)})


def cupi_error_response(exc: CupiError):
    return error_response(exc.code, exc.message, STATUS_BY_CODE.get(exc.code, 400))


class UnsupportedMediaType(CupiError):
    code = "UNSUPPORTED_MEDIA_TYPE"


def request_data(type_name):
    """The body of a POST/PUT as a flat dict; 415 without a supported Content-Type."""
    mimetype = (request.mimetype or "").lower()
    fmt = BODY_TYPES.get(mimetype)
    if fmt is None:
        shown = mimetype or "none"
        raise UnsupportedMediaType(
            f"Unsupported Content-Type: {shown}; use application/xml or application/json")
    try:
        return serialize.parse_body(request.get_data(as_text=True), fmt, type_name)
    except serialize.BodyError as exc:
        raise DataException(str(exc)) from None


def created(uri):
    return Response(uri, status=201, content_type="text/plain")


def no_content():
    return Response(status=204)


# ---- generic views ----------------------------------------------------------------------

def collection_view(type_name, parent_id=None):
    """GET (list) / POST (create) on a collection."""
    spec = RESOURCES[type_name]
    backend = ctx().backend
    if request.method == "POST":
        if type_name == "SipCertificate" and backend.no_sip_certificate_post:
            # --no-sip-certificate-post: the pages document list, get, PUT and DELETE only
            return method_not_allowed(["HEAD", "GET", "OPTIONS"])   # as a GET-only route
        view = backend.create(type_name, request_data(type_name), parent_id)
        if type_name == "PortGroupServer" and backend.create_uri_of_parent:
            # --create-uri-of-parent: the port group's URI, as the example's response shows (Port
            # Group Server Settings, "Adding a TFTP Server to Existing Port Group with SIP Phone
            # Integration")
            return created(view["URI"].split("/portgroupservers/")[0])
        return created(view["URI"])
    args = request.args
    query = args.get("query")
    # An unencoded '&' splits '(A is x)&(B is y)' into two parameters: join them again.
    extra = [k for k in args.keys() if k.startswith("(") and k.endswith(")")]
    if query is not None and extra:
        query = "&".join([query] + extra)
    total, views = backend.list(
        type_name, parent_id, query=query, sort=args.get("sort"),
        rows_per_page=args.get("rowsPerPage"), page_number=args.get("pageNumber"),
    )
    fmt = response_format()
    return _respond(serialize.render_list(spec.list_name, spec.type_name, total, views, fmt), 200, fmt)


def object_view(type_name, object_id, parent_id=None):
    """GET / PUT / DELETE of one object."""
    backend = ctx().backend
    if request.method == "PUT":
        data = request_data(type_name)
        backend.update(type_name, object_id, data, parent_id)
        return no_content()
    if request.method == "DELETE":
        backend.delete(type_name, object_id, parent_id)
        return no_content()
    view = backend.get(type_name, object_id, parent_id)
    fmt = response_format()
    return _respond(serialize.render_object(type_name, view, fmt), 200, fmt)


def create_for_owner_view(type_name, owner_id):
    """POST /vmrest/<path>/<owner id>: create an owned resource (e.g. a port group under the
    phone system given in the URL instead of in MediaSwitchObjectId)."""
    view = ctx().backend.create(type_name, request_data(type_name), owner_id=owner_id)
    return created(view["URI"])


def port_group_reset_view(pid):
    """PUT /vmrest/portgroups/<id>/reset (no body needed)."""
    ctx().backend.reset_port_group(pid)
    return no_content()


__all__ = [
    "NotFound", "collection_view", "create_for_owner_view", "port_group_reset_view", "created", "cupi_error_response", "error_response",
    "method_not_allowed", "no_content", "object_view", "request_data", "response_format",
]
