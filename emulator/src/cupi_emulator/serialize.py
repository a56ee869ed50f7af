"""CUPI's wire formats: views (field -> Python value) to XML/JSON text, and request bodies
(XML/JSON) to a flat dict of wire values."""

import json
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
