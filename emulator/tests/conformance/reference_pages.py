"""Reading the reference pages: their meaningful lines, the request URLs and their paths, and
the XML and JSON blocks of the examples (for extract.py)."""

import re

URL = re.compile(r"(?:\b(GET|POST|PUT|DELETE)\s+)?<?https?:/+\s*<[^>\n]*>\s*/\s*(vmrest\b.*)")
SPLIT_URL = re.compile(r"https?:/+\s*<[^>\n]*>\s*/\s*$")
STATUS = re.compile(r"(?i)response code:?\s*(\d{3})")
PAGE_HEADER = re.compile(r"^(?:#+\s*)?Cisco\\?_Unity\\?_Connection\\?_Provisioning")
UUIDISH = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F-]{20,}$")


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
