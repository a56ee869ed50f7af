"""CUPI's wire formats: views (field -> Python value) to XML/JSON text, and request bodies
(XML/JSON) to a flat dict of wire values."""

import json
import re
from xml.sax.saxutils import escape, quoteattr

import xmltodict

XML = "application/xml"
JSON = "application/json"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


class BodyError(Exception):
    """The request body cannot be parsed."""


def wire(value):
    """Every value on the wire is a string: booleans true/false, None -> ''."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _xml_element(tag, value):
    text = wire(value)
    if text == "":
        return f"<{tag}/>"
    return f"<{tag}>{escape(text)}</{tag}>"


def _xml_object(tag, view):
    inner = "".join(_xml_element(k, v) for k, v in view.items())
    return f"<{tag}>{inner}</{tag}>"


def render_object(type_name, view, fmt):
    if fmt == JSON:
        return json.dumps({k: wire(v) for k, v in view.items()})
    return XML_DECL + _xml_object(type_name, view)


def render_list(list_name, type_name, total, views, fmt):
    """XML <List total="N"><Item>..</Item></List>; JSON {"@total": "N", "Item": obj|[objs]}
    (one item: an object, none: no key)."""
    if fmt == JSON:
        body = {"@total": str(total)}
        items = [{k: wire(v) for k, v in view.items()} for view in views]
        if len(items) == 1:
            body[type_name] = items[0]
        elif items:
            body[type_name] = items
        return json.dumps(body)
    inner = "".join(_xml_object(type_name, v) for v in views)
    if not inner:
        return f"{XML_DECL}<{list_name} total={quoteattr(str(total))}/>"
    return f"{XML_DECL}<{list_name} total={quoteattr(str(total))}>{inner}</{list_name}>"


def render_error(code, message, fmt):
    if fmt == JSON:
        return json.dumps({"errors": {"code": code, "message": message}})
    return (f"{XML_DECL}<ErrorDetails><errors><code>{escape(code)}</code>"
            f"<message>{escape(message)}</message></errors></ErrorDetails>")


def _scalar(value):
    """xmltodict leaf -> wire value: text, None for an empty element, '#text' of attributed."""
    if isinstance(value, dict):
        if "#text" in value:
            return value["#text"]
        if all(k.startswith("@") for k in value):
            return None
    return value


def parse_body(raw, content_type, type_name=None):
    """Request body -> flat dict of field -> wire value (str/int/bool/None, or a dict/list
    for nested content, which the model rejects for scalar fields)."""
    if raw is None or not raw.strip():
        return {}
    if content_type == JSON:
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise BodyError(f"Malformed JSON body: {exc}") from None
        if not isinstance(data, dict):
            raise BodyError("A JSON object is expected")
        if type_name and len(data) == 1 and isinstance(data.get(type_name), dict):
            data = data[type_name]
        return data
    try:
        doc = xmltodict.parse(raw)
    except Exception as exc:  # expat errors come in several types
        raise BodyError(f"Malformed XML body: {exc}") from None
    if not isinstance(doc, dict) or len(doc) != 1:
        raise BodyError("One XML root element is expected")
    root = next(iter(doc.values()))
    if root is None:
        return {}
    if not isinstance(root, dict):
        raise BodyError("The XML root element must contain fields")
    return {k: _scalar(v) for k, v in root.items() if not k.startswith("@") and k != "#text"}


# ---- request bodies for the request log ---------------------------------------------------

MASK = "********"
# CcmAXLPassword, SipAuthenticatePassword and any other *Password / *PrivateKey field
_SECRET_NAME = re.compile(r"(?i)(password|privatekey)")


def is_secret(name):
    return bool(_SECRET_NAME.search(str(name)))


def _masked(value):
    """Nested content with the values of secret keys masked (at any depth)."""
    if isinstance(value, dict):
        return {k: (MASK if is_secret(k) and _log_value(v) != "" else _masked(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def _log_value(value):
    if isinstance(value, (dict, list)):
        return json.dumps(_masked(value), sort_keys=True, separators=(",", ":"))
    return wire(value)


def describe_body(raw, mimetype=""):
    """A request body as the request log shows it: ``None`` without a body, else
    ``{"format": "xml"|"json", "root": ..., "fields": {name: str}}``: the format from the
    Content-Type (or from the first character when the type is neither), the XML root element
    or the JSON wrapper key (``{"PortGroup": {...}}``; ``None`` for a flat object), and the
    flat fields with string values (JSON numbers and booleans as text, an empty element
    ``""``). Values of secret fields (names containing Password or PrivateKey) that are not
    empty become ``********``. A body that cannot be parsed has ``"fields": {}`` and
    ``"error": "malformed"``; its text is never logged."""
    if raw is None or not raw.strip():
        return None
    mimetype = (mimetype or "").lower()
    if mimetype == JSON:
        fmt = "json"
    elif mimetype in (XML, "text/xml"):
        fmt = "xml"
    else:
        fmt = "json" if raw.lstrip()[:1] in ("{", "[") else "xml"
    root = None
    try:
        if fmt == "json":
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("not an object")
            if len(data) == 1 and isinstance(next(iter(data.values())), dict):
                root, data = next(iter(data.items()))
        else:
            doc = xmltodict.parse(raw)
            if not isinstance(doc, dict) or len(doc) != 1:
                raise ValueError("not one root element")
            root, inner = next(iter(doc.items()))
            if inner is None:
                inner = {}
            if not isinstance(inner, dict):
                inner = {}
            data = {k: _scalar(v) for k, v in inner.items() if not k.startswith("@") and k != "#text"}
    except Exception:  # any parse error: the body is logged without its content
        return {"format": fmt, "root": None, "fields": {}, "error": "malformed"}
    fields = {}
    for name, value in data.items():
        text = _log_value(value)
        fields[str(name)] = MASK if (is_secret(name) and text != "") else text
    return {"format": fmt, "root": root, "fields": fields}
