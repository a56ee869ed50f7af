"""Lenient readers of the examples' XML and JSON: they accept the typing slips of the pages
and record every repair in ``notes`` (for extract.py)."""

import json
import re


# ---------------------------------------------------------------------------------------
# lenient XML


TOKEN = re.compile(r"<\?[^>]*\?>|<(/?)\s*([A-Za-z][\w]*)([^<>]*?)(/?)>|([^<]+)|(<)")


def normalise_xml_text(chunk, notes):
    text = "\n".join(t for _, t in chunk)
    first = chunk[0][0]
    fixes = [
        (r"(<[A-Za-z]\w*[^<>]*>)>", r"\1", "'>>' after an opening tag (e.g. '<CapAnswer>>true') -> '>'"),
        (r"(</[A-Za-z]\w*>)>", r"\1", "'>>' after a closing tag -> '>'"),
        (r"<<([A-Za-z])", r"<\1", "'<<Tag>' -> '<Tag>'"),
        (r"</\s*\n\s*([A-Za-z]\w*>)", r"</\1", "closing tag broken over two lines joined"),
        (r"</([A-Za-z]\w*)(?=\s*\n)(?!>)", r"</\1>", "truncated closing tag (no '>') completed"),
    ]
    for pattern, repl, what in fixes:
        text, n = re.subn(pattern, repl, text)
        if n:
            notes.append(f"L{first}: {what} ({n}x)")
    return text


def parse_xml(chunk, notes):
    """Lenient parse -> list of top-level nodes {'name', 'attrs', 'children', 'text'}."""
    text = normalise_xml_text(chunk, notes)
    first = chunk[0][0]
    root = {"name": None, "attrs": {}, "children": [], "text": ""}
    stack = [root]
    joined = 0
    for m in TOKEN.finditer(text):
        close, name, attrs, selfclose, chars, stray = m.groups()
        if stray:
            notes.append(f"L{first}: stray '<' ignored")
            continue
        if chars is not None:
            if len(stack) > 1:
                if "\n" in chars.strip():
                    joined += 1
                stack[-1]["text"] += "".join(part.strip() for part in chars.split("\n"))
            continue
        if name is None:          # <?xml ...?>
            continue
        if close:
            names = [n["name"] for n in stack[1:]]
            if name in names:
                while stack[-1]["name"] != name:
                    notes.append(f"L{first}: <{stack[-1]['name']}> not closed; closed at </{name}>")
                    stack.pop()
                stack.pop()
            elif len(stack) > 1:
                notes.append(f"L{first}: </{name}> closes <{stack[-1]['name']}> (mismatched closing tag)")
                stack.pop()
            continue
        if len(stack) > 1 and stack[-1]["text"].strip():
            notes.append(f"L{first}: <{stack[-1]['name']}> has no closing tag (value cut off); closed")
            stack.pop()
        node = {"name": name, "attrs": dict(re.findall(r'(\w+)="([^"]*)"', attrs or "")),
                "children": [], "text": ""}
        stack[-1]["children"].append(node)
        if not selfclose:
            stack.append(node)
    if len(stack) > 1:
        notes.append(f"L{first}: {len(stack) - 1} element(s) left open at the end of the example "
                     f"({', '.join(n['name'] for n in stack[1:])})")
    if joined:
        notes.append(f"L{first}: {joined} value(s) broken over lines joined")
    return root["children"]


def xml_shape(nodes, notes, first):
    top = nodes[0]
    if len(nodes) > 1:
        extra = [n["name"] for n in nodes[1:]]
        notes.append(f"L{first}: elements after the root ignored: {extra}")
    shape = {"format": "xml", "root": top["name"]}
    if "total" in top["attrs"]:
        items = top["children"]
        shape.update(kind="list", item=items[0]["name"] if items else None, total=top["attrs"]["total"],
                     items=len(items))
    else:
        items = [top]
        shape.update(kind="object")
    fields, empty = [], []
    for item in items:
        for child in item["children"]:
            if child["name"] not in fields:
                fields.append(child["name"])
    for f in fields:
        values = [c["text"].strip() for it in items for c in it["children"] if c["name"] == f]
        if all(v == "" for v in values):
            empty.append(f)
    shape["fields"] = fields
    shape["empty_fields"] = empty
    shape["values"] = [{c["name"]: c["text"].strip() for c in it["children"]} for it in items]
    return shape


def xml_body(nodes, element, notes, first):
    """A request body: root element + {field: value}."""
    if len(nodes) == 1 and nodes[0]["children"]:
        node = nodes[0]
        return node["name"], {c["name"]: c["text"].strip() for c in node["children"]}
    notes.append(f"L{first}: the body has no root element; wrapped in <{element}>")
    return element, {n["name"]: n["text"].strip() for n in nodes}


# ---------------------------------------------------------------------------------------
# lenient JSON


def parse_json(chunk, notes):
    first = chunk[0][0]
    text = "\n".join(t for _, t in chunk).strip()
    if text.startswith('"'):
        text = "{" + text
        notes.append(f"L{first}: the JSON object's opening '{{' is outside the code block; added")
    text2, n = re.subn(r'-\s*\n\s*(?=[0-9A-Za-z])', "-", text)
    if n:
        notes.append(f"L{first}: value broken over lines after '-' joined ({n}x)")
    text = text2
    try:
        return json.loads(text)
    except ValueError:
        pass
    m = re.search(r'"(\w+)"\s*:\s*\{', text)
    if m and re.search(r"\}\s*,\s*\{", text):
        fixed = text[:m.end() - 1] + "[" + text[m.end() - 1:]
        fixed = re.sub(r"\}\s*\}\s*$", "}]}", fixed)
        try:
            value = json.loads(fixed)
            notes.append(f"L{first}: list items of \"{m.group(1)}\" not enclosed in [ ]; read as a list")
            return value
        except ValueError:
            pass
    raise ValueError(f"L{first}: JSON example not readable")


def json_shape(value):
    shape = {"format": "json"}
    if "@total" in value:
        key = next((k for k in value if k != "@total"), None)
        items = value.get(key, []) if key else []
        items = [items] if isinstance(items, dict) else items
        shape.update(kind="list", root=None, item=key, total=value["@total"], items=len(items),
                     one_item_is_object=isinstance(value.get(key), dict))
    else:
        items = [value]
        shape.update(kind="object", root=None)
    fields = []
    for it in items:
        for k in it:
            if k not in fields:
                fields.append(k)
    shape["fields"] = fields
    shape["empty_fields"] = [f for f in fields if all(str(it.get(f, "")) == "" for it in items)]
    shape["values"] = [{k: str(v) for k, v in it.items()} for it in items]
    return shape
