"""What a replayed example must get back: the created URI, the documented response shape and
the written values read back (for test_conformance.py)."""

import re
import xml.etree.ElementTree as ET

from replay import request_body

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def expected_collection(case, url):
    """The collection a 201's URI must name: the URL, except POST /vmrest/portgroups/<ps>."""
    path = url.split("?")[0]
    if case["path"] == "portgroups/{portgroups}":
        return "/vmrest/portgroups"
    return path


def check_created_uri(case, url, r):
    """A 201's body: the URI of a new object of the expected collection."""
    assert re.fullmatch(re.escape(expected_collection(case, url)) + "/" + UUID, r.text), r.text


def check_shape(case, resp, r, fmt, expect):
    """The documented root / list element and every documented field name."""
    ov = case.get("override", {})
    absent_ok = ov.get("absent_ok", {})
    kind = expect.get("kind", resp["kind"])
    doc_items = resp["values"]
    if fmt == "xml":
        tree = ET.fromstring(r.content)
        root = expect.get("root", resp["root"])
        assert tree.tag == root, f"root <{tree.tag}>, documented <{root}>"
        if kind == "list":
            item = expect.get("item", resp.get("item"))
            assert "total" in tree.attrib
            got = [{c.tag: (c.text or "") for c in node} for node in tree]
            assert all(node.tag == item for node in tree), [node.tag for node in tree]
        else:
            got = [{c.tag: (c.text or "") for c in tree}]
    else:
        body = r.json()
        if kind == "list":
            item = expect.get("item", resp.get("item"))
            assert "@total" in body
            value = body.get(item)
            assert value is not None, f"no {item!r} in {list(body)}"
            if int(body["@total"]) == 1:
                assert isinstance(value, dict), "one item must be an object (docs/references.md#lists-in-xml-and-json)"
            got = [value] if isinstance(value, dict) else value
        else:
            assert "@total" not in body
            got = [body]
    assert got, "the emulator's list is empty; the example shows items"
    missing = []
    for i, doc in enumerate(doc_items[:len(got)]):
        for field, value in doc.items():
            if field in got[i]:
                continue
            why = absent_ok.get(field)
            if why is None:
                missing.append(f"item {i}: {field} (documented {value!r})")
            elif why.startswith("unset:"):
                assert value == "", f"{field}: 'unset' exception used for a non-empty example value"
    assert not missing, "documented fields missing: " + ", ".join(missing)


# Body fields that are not read back as sent, each by a documented choice (README):
NOT_READ_BACK = {
    "PortCount": "read-only, computed (Telephony Integrations, 'Modifying a Phone System' / "
                 "Phone Systems, 'Modifying a Phone System' send it in a PUT)",
    "ResetStatusEnum": "read-only (Port Groups, 'Explanation of Data Fields for SIP Port Group')",
    "MediaSwitchDisplayName": "read-only",
    "CcmVersion": "read-only, always 5",
    "MediaRemoteServiceEnum": "AXL servers: read-only, always 103",
    "CcmAXLPassword": "write-only; reads back empty (docs/references.md#axl-servers)",
    "SipAuthenticatePassword": "write-only; shown as an encrypted stand-in",
    "HostOrIPAddress": "port groups: an input that becomes the first port group server",
    "NumberOfPorts": "ports: an input (how many ports to create)",
    "VmsServerName": "ports: read-only, ignored (no lookup by name)",
    "DisplayName": "ports: read-only, <group>-NNN",
    "MediaSwitchObjectId": "replaced by the replay's phone system (AXL: the URL's)",
    "MediaPortGroupObjectId": "replaced by the replay's port group",
}


def check_written(case, client, state, target):
    """The example's written values read back (besides NOT_READ_BACK)."""
    got = client.call("GET", target.split("/reset")[0]).json()
    sent = request_body(case, state, case["body"]["fields"])
    wrong = []
    for field, value in sent.items():
        if field in NOT_READ_BACK:
            continue
        if field not in got:
            wrong.append(f"{field} not shown")
        elif str(got[field]).lower() != str(value).lower():
            wrong.append(f"{field}: sent {value!r}, reads {got[field]!r}")
    assert not wrong, wrong
