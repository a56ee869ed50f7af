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

from example_bodies import json_shape, parse_json, parse_xml, xml_body, xml_shape
from reference_pages import SPLIT_URL, STATUS, collect_blocks, find_url, parse_path, read_lines

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DOCS = os.environ.get("CUPI_DOCS", "/work/shared/reference/cupi-docs")
DEFAULT_OUT = os.path.join(HERE, "cases.json")
OVERRIDES = os.path.join(HERE, "overrides.json")

PROSE_MARKER = re.compile(r"(?i)example of (?:the|a)\s+\*?(GET|POST|PUT|DELETE)\b")
BARE_STATUS = re.compile(r"^(\d{3})$")
BARE_REASON = ("OK", "No Content", "Created")
HEADER_LINE = re.compile(r"(?i)\b(Accept|Content-Type)\s*:\s*(application\s*/\s*(?:json|xml))")

# element names of the resources, by URL segment (for bodies that lost their root element)
ELEMENT = {"phonesystems": "PhoneSystem", "phonesystem": "PhoneSystem", "axlservers": "AXLServer",
           "portgroups": "PortGroup", "portgroupservers": "PortGroupServer",
           "portgroupcodecs": "PortGroupCodec", "ports": "Port", "sipcertificates": "SipCertificate",
           "sipcertificate": "SipCertificate", "sipsecurityprofiles": "SipSecurityProfile",
           "sipprofiles": "SipSecurityProfile"}


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
