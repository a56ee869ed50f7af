"""Extract every request example from the reference pages (cupi-docs/*.txt) into cases.json.

    python emulator/tests/conformance/extract.py [--docs DIR] [--out FILE] [--check]

A request example is a URL under /vmrest (``GET https://...``, or a bare ``https://...``
whose method comes from the prose before it: "an example of the PUT request"), or a prose
marker followed by a body but no URL (a few examples lost their URL; overrides.json names
it). For each one this records the method, the path (ids as ``{collection}`` placeholders),
the request body (XML or JSON, normalised the way a real client would have sent it), the
documented headers, the documented status (``Response Code: 201``, ``RESPONSE Code: 204``,
the bare ``200``/``OK`` lines of the chapter 000) and the documented response shape (root
or list element names and field names, plus the fields whose example value is empty).

Every repair of a typing slip is recorded in the case's ``normalisations``. What the
extractor cannot infer is in ``overrides.json`` (merged here, each entry with a reason).
The pages are Cisco's; the file names start with the page number (000 ... 004).
"""

import argparse
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DOCS = os.environ.get("CUPI_DOCS", "/work/shared/reference/cupi-docs")
DEFAULT_OUT = os.path.join(HERE, "cases.json")
OVERRIDES = os.path.join(HERE, "overrides.json")

METHODS = ("GET", "POST", "PUT", "DELETE")
PROSE_MARKER = re.compile(r"(?i)example of (?:the|a)\s+\*?(GET|POST|PUT|DELETE)\b")
URL = re.compile(r"(?:\b(GET|POST|PUT|DELETE)\s+)?<?https?:/+\s*<[^>\n]*>\s*/\s*(vmrest\b.*)")
SPLIT_URL = re.compile(r"https?:/+\s*<[^>\n]*>\s*/\s*$")
STATUS = re.compile(r"(?i)response code:?\s*(\d{3})")
BARE_STATUS = re.compile(r"^(\d{3})$")
BARE_REASON = ("OK", "No Content", "Created")
PAGE_HEADER = re.compile(r"^(?:#+\s*)?Cisco\\?_Unity\\?_Connection\\?_Provisioning")
HEADER_LINE = re.compile(r"(?i)\b(Accept|Content-Type)\s*:\s*(application\s*/\s*(?:json|xml))")
UUIDISH = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F-]{20,}$")

# element names of the resources, by URL segment (for bodies that lost their root element)
ELEMENT = {"phonesystems": "PhoneSystem", "phonesystem": "PhoneSystem", "axlservers": "AXLServer",
           "portgroups": "PortGroup", "portgroupservers": "PortGroupServer",
           "portgroupcodecs": "PortGroupCodec", "ports": "Port", "sipcertificates": "SipCertificate",
           "sipcertificate": "SipCertificate", "sipsecurityprofiles": "SipSecurityProfile",
           "sipprofiles": "SipSecurityProfile"}


# ---------------------------------------------------------------------------------------
# reading the pages


def read_lines(path):
    """(line number, text) of the meaningful lines: no code fences, page headers, blank lines;
    ``<pre>`` markers removed. Line numbers are the file's (1-based)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for no, raw in enumerate(fh, 1):
            text = raw.rstrip("\n").replace("\t", "    ")
            if text.strip().startswith("```") or PAGE_HEADER.match(text.strip()):
                continue
            text = re.sub(r"(?i)</?pre>", "", text).rstrip()
            if not text.strip():
                continue
            out.append((no, text))
    return out


def find_url(lines, i):
    """The URL of line i (joined with the next line when the page broke it after the host)."""
    no, text = lines[i]
    m = URL.search(text)
    if m:
        return m, text, None
    if SPLIT_URL.search(text) and i + 1 < len(lines) and lines[i + 1][1].strip().startswith("vmrest/"):
        joined = text.rstrip() + lines[i + 1][1].strip()
        m = URL.search(joined)
        if m:
            return m, joined, f"L{no}: URL broken over two lines after the host; joined"
    return None, text, None


def parse_path(rest):
    """'vmrest/portgroups/<PortGroupObjectId>/portgroupservers.' -> (template, raw, notes)."""
    notes = []
    m = re.match(r"vmrest((?:/\s*(?:<[^>\n]*>|<[^>\s]*|[^\s<>/]+))*)", rest)
    raw = "/vmrest" + m.group(1)
    segs = [s.strip() for s in m.group(1).split("/") if s.strip()] if "<" not in m.group(1) else \
        [s.strip() for s in re.findall(r"/\s*(<[^>\n]*>?|[^\s<>/]+)", m.group(1))]
    if m.group(1).startswith("/ "):
        notes.append("space after '/vmrest/' removed")
    out, prev = [], None
    for seg in segs:
        query = ""
        if "?" in seg:
            seg, query = seg.split("?", 1)
            query = "?" + query
        if seg.endswith(".") and not query:
            seg = seg[:-1]
            notes.append(f"trailing '.' after '{seg}' removed (end of the sentence)")
        if seg.startswith("<") or UUIDISH.match(seg):
            if seg.startswith("<") and not seg.endswith(">"):
                notes.append(f"placeholder {seg} has no closing '>'")
            out.append("{%s}" % prev)
        else:
            out.append(seg + query)
            prev = seg
    return "/".join(out), raw, notes


def is_status_line(text):
    return bool(STATUS.search(text))


def looks_like_prose(text):
    t = text.strip()
    if not t or t[0] in "<{}[\"-/" or "</" in t:
        return False
    words = t.split()
    return len(words) >= 4 and sum(w.isalpha() for w in words) >= 3


def xml_depth_delta(text):
    opens = len(re.findall(r"<[A-Za-z][\w]*(?:\s[^<>]*)?(?<!/)>", text))
    closes = len(re.findall(r"</\s*[A-Za-z]", text))
    return opens - closes


def starts_xml(text, closing=False):
    t = text.strip()
    pattern = r"<<?/?[A-Za-z?]" if closing else r"<<?[A-Za-z?]"
    return bool(re.match(pattern, t)) and not re.match(r"<https?:", t)


def collect_blocks(lines, start, end):
    """XML and JSON blocks between lines[start:end] -> [(kind, first line no, [texts])]."""
    blocks, i = [], start
    while i < end:
        no, text = lines[i]
        t = text.strip()
        if is_status_line(t):
            i += 1
            continue
        if starts_xml(t):
            chunk, depth = [], 0
            while i < end:
                no2, text2 = lines[i]
                t2 = text2.strip()
                if chunk:
                    if is_status_line(t2) or looks_like_prose(t2):
                        break
                    if depth <= 0 and not starts_xml(t2, closing=True):
                        break
                    if depth > 0 and t2.startswith("<") and not starts_xml(t2, closing=True):
                        break
                chunk.append((no2, text2))
                depth += xml_depth_delta(t2)
                i += 1
            blocks.append(("xml", chunk[0][0], chunk))
            continue
        if t.startswith("{") or (t.startswith('"') and ":" in t):
            chunk, depth = [], 0 if t.startswith("{") else 1
            while i < end:
                no2, text2 = lines[i]
                t2 = text2.strip()
                if chunk and (is_status_line(t2) or looks_like_prose(t2)):
                    break
                chunk.append((no2, text2))
                depth += t2.count("{") + t2.count("[") - t2.count("}") - t2.count("]")
                i += 1
                if depth <= 0:
                    break
            blocks.append(("json", chunk[0][0], chunk))
            continue
        i += 1
    return blocks


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


# ---------------------------------------------------------------------------------------
# examples


def doc_number(path):
    return os.path.basename(path)[:3]


def extract_doc(path):
    doc = doc_number(path)
    lines = read_lines(path)
    markers = []    # (index, kind, method, url match info)
    for i, (no, text) in enumerate(lines):
        m, joined, note = find_url(lines, i)
        if m:
            markers.append({"i": i, "kind": "url", "method": m.group(1), "m": m, "text": joined,
                            "note": note})
            continue
        if i > 0 and SPLIT_URL.search(lines[i - 1][1]) and text.strip().startswith("vmrest/"):
            continue
        p = PROSE_MARKER.search(text)
        if p:
            markers.append({"i": i, "kind": "prose", "method": p.group(1).upper(), "text": text})
    cases = []
    pending = None
    for k, mk in enumerate(markers):
        nxt = markers[k + 1]["i"] if k + 1 < len(markers) else len(lines)
        if mk["kind"] == "prose":
            blocks = collect_blocks(lines, mk["i"] + 1, nxt)
            next_is_url = k + 1 < len(markers) and markers[k + 1]["kind"] == "url"
            if blocks and not (next_is_url and not blocks):
                cases.append(build_case(doc, lines, mk, None, mk["method"], mk["i"] + 1, nxt, mk["text"]))
                pending = None
            else:
                pending = mk
            continue
        method = (mk["method"] or "").upper() or (pending["method"] if pending else None)
        context = pending["text"] if pending else ""
        pending = None
        cases.append(build_case(doc, lines, mk, mk, method, mk["i"] + 1, nxt, context))
    return cases


def build_case(doc, lines, marker, url, method, start, end, context):
    no = lines[marker["i"]][0]
    notes = []
    case = {"doc": doc, "line": no, "method": method, "context": context.strip()}
    if url:
        path, raw, pnotes = parse_path(url["m"].group(2))
        notes += [f"L{no}: {n}" for n in pnotes]
        if url["note"]:
            notes.append(url["note"])
        if re.search(r"https:/<|https:/[^/]", url["text"]):
            notes.append(f"L{no}: 'https:/' (one slash) read as 'https://'")
        case["path"] = path
        case["raw_url"] = raw
    else:
        case["path"] = None
        case["raw_url"] = None
        notes.append(f"L{no}: the example has no URL")
    # documented headers: on the URL line and the lines before the first block
    headers = {}
    region = lines[marker["i"]:end]
    blocks = collect_blocks(lines, start, end)
    first_block = blocks[0][1] if blocks else None
    for lno, text in region:
        if first_block and lno >= first_block:
            break
        for hm in HEADER_LINE.finditer(text):
            value = re.sub(r"\s+", "", hm.group(2))
            if value != hm.group(2):
                notes.append(f"L{lno}: header value '{hm.group(2)}' read as '{value}'")
            headers[hm.group(1)] = value
    case["headers"] = headers
    # status and created URI
    status, status_line, created = None, None, None
    for idx in range(start, end):
        lno, text = lines[idx]
        sm = STATUS.search(text)
        bare = BARE_STATUS.match(text.strip())
        if status is None and sm:
            status, status_line = int(sm.group(1)), lno
        elif status is None and bare and idx + 1 < end and lines[idx + 1][1].strip() in BARE_REASON:
            status, status_line = int(bare.group(1)), lno
        elif status is not None and created is None and re.match(r"^/vmrest/\S+$", text.strip()):
            created = text.strip()
            break
    case["status"] = status
    case["status_line"] = status_line
    case["created_uri"] = created
    # bodies
    body, response = None, None
    body_blocks = [b for b in blocks if not (status_line and b[1] > status_line and method in ("POST", "PUT"))]
    element = ELEMENT.get((case["path"] or "").split("/{")[0].split("/")[-1]) if case["path"] else None
    if case["path"]:
        segs = [s for s in case["path"].split("/") if s and not s.startswith("{")]
        element = ELEMENT.get(segs[-1].split("?")[0]) if segs else None
    if method in ("POST", "PUT") and body_blocks:
        kind, first, chunk = body_blocks[0]
        if kind == "xml":
            root, fields = xml_body(parse_xml(chunk, notes), element, notes, first)
            body = {"format": "xml", "root": root, "fields": fields, "line": first}
        else:
            body = {"format": "json", "root": None, "fields": {k: str(v) for k, v in parse_json(chunk, notes).items()},
                    "line": first}
        for f, v in body["fields"].items():
            if "\n" in v:
                notes.append(f"L{first}: {f} value broken over lines joined")
        rest = [b for b in blocks if b is not body_blocks[0]]
    else:
        rest = blocks
    if method == "GET" and rest:
        kind, first, chunk = rest[0]
        if kind == "xml":
            response = xml_shape(parse_xml(chunk, notes), notes, first)
        else:
            response = json_shape(parse_json(chunk, notes))
        response["line"] = first
    if any("Request Body:" in t and "Not required" in lines[min(i + 1, len(lines) - 1)][1]
           for i, (_, t) in enumerate(lines[start - 1:end], start - 1)):
        case["body_not_required"] = True
    case["body"] = body
    case["response"] = response
    fmt = "json" if (headers.get("Accept", "").endswith("json") or (body and body["format"] == "json")
                     or (response and response["format"] == "json")) else "xml"
    case["format"] = fmt
    case["normalisations"] = notes
    return case


def case_id(case):
    path = case["path"] or "unknown"
    segs = [s.split("?")[0] for s in path.split("/") if s and not s.startswith("{")]
    tail = "-".join(segs[-1:]) if segs else "unknown"
    if "?" in path:
        tail += "-query"
    return f"{case['doc']}-L{case['line']}-{case['method']}-{tail}"


def apply_overrides(cases, overrides):
    by_key = {f"{c['doc']}:{c['line']}": c for c in cases}
    for key, ov in overrides.items():
        if key.startswith("_"):
            continue
        if key not in by_key:
            raise KeyError(f"override {key} matches no extracted example")
        case = by_key[key]
        case["override"] = ov
        for field in ("path", "method", "body", "format", "headers"):
            if field in ov:
                case[field] = ov[field]
    return cases


UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def repair_ids(cases):
    """Ids in request bodies that are not well-formed: a port group template id is repaired
    from the templates the pages list (unique match on the first three groups); others are
    only noted (the replay substitutes the objects it creates for them anyway)."""
    templates = set()
    for c in cases:
        r = c.get("response") or {}
        if r.get("item") == "PortGroupTemplate":
            templates.update(v["ObjectId"] for v in r["values"] if UUID.match(v.get("ObjectId", "")))
    for c in cases:
        body = c.get("body")
        if not body:
            continue
        for field, value in body["fields"].items():
            if not field.endswith("ObjectId") or UUID.match(value):
                continue
            if field == "MediaPortGroupTemplateObjectId":
                prefix = "-".join(value.split("-")[:3])
                match = [t for t in sorted(templates) if t.startswith(prefix)]
                if len(match) == 1:
                    body["fields"][field] = match[0]
                    c["normalisations"].append(
                        f"L{body['line']}: {field} '{value}' is not a well-formed id; read as the "
                        f"template {match[0]} (the one listed with that prefix)")
                    continue
            c["normalisations"].append(f"L{body['line']}: {field} '{value}' is not a well-formed id")


def extract(docs_dir=DEFAULT_DOCS):
    cases = []
    for path in sorted(glob.glob(os.path.join(docs_dir, "*.txt"))):
        cases.extend(extract_doc(path))
    repair_ids(cases)
    with open(OVERRIDES, encoding="utf-8") as fh:
        overrides = json.load(fh)
    apply_overrides(cases, overrides)
    seen = {}
    for c in cases:
        cid = case_id(c)
        if cid in seen:
            raise ValueError(f"duplicate case id {cid}")
        seen[cid] = True
        c["id"] = cid
    return [dict([("id", c.pop("id"))] + list(c.items())) for c in cases]


def render(cases):
    return json.dumps(cases, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", default=DEFAULT_DOCS)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="fail if --out differs from the output")
    args = ap.parse_args(argv)
    text = render(extract(args.docs))
    if args.check:
        with open(args.out, encoding="utf-8") as fh:
            if fh.read() != text:
                print(f"{args.out} is out of date; run {__file__}", file=sys.stderr)
                return 1
        return 0
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"{len(json.loads(text))} examples -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
