# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property-based tests of the wire parser and normaliser in client.py: CUPI's list
shapes (one item as an object in JSON, none as {"@total": "0"}) round-trip to the same
list of dicts of strings, and no text makes them raise anything but ValueError/CupiError."""

from __future__ import annotations

import json

import xmltodict
from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.cupi.telephony.plugins.module_utils.client import (
    CupiClient,
    CupiError,
    as_list,
    build_query,
    normalise_object,
    split_list,
    unwrap_object,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FIELD = st.from_regex(r"[A-Z][A-Za-z0-9]{0,12}", fullmatch=True)
# What XML can carry and a server sends: no control characters, no surrounding blanks
# (xmltodict strips them).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20).filter(lambda s: s == s.strip())
ITEM = st.dictionaries(FIELD, TEXT | st.integers().map(str) | st.sampled_from(["true", "false"]), min_size=1,
                       max_size=6)
ITEMS = st.lists(ITEM, max_size=6)


class Answer:
    """The parts of a requests.Response the decoder reads."""

    def __init__(self, text, content_type, status=200):
        self.text = text
        self.headers = {"Content-Type": content_type} if content_type is not None else {}
        self.status_code = status
        self.reason = "Reason"


def client(api_format="json"):
    return CupiClient("127.0.0.1", "admin", "Cupi-Demo-1", port=1, use_ssl=False, api_format=api_format)


def as_json(items, item_key="Thing"):
    body = {"@total": str(len(items))}
    if len(items) == 1:
        body[item_key] = items[0]          # one item: an object, not a list
    elif items:
        body[item_key] = items
    return json.dumps(body)               # none: no key at all


def as_xml(items, list_key="Things", item_key="Thing"):
    inner = {"@total": str(len(items))}
    if items:
        inner[item_key] = items if len(items) > 1 else items[0]
    return xmltodict.unparse({list_key: inner})


@SETTINGS
@given(ITEMS)
def test_json_lists_round_trip(items):
    total, rows = split_list(client().decode(Answer(as_json(items), "application/json")), "Thing")
    assert total == len(items)
    assert rows == items


@SETTINGS
@given(ITEMS)
def test_xml_lists_round_trip(items):
    total, rows = split_list(client("xml").decode(Answer(as_xml(items), "application/xml")), "Thing")
    assert total == len(items)
    expected = [dict((k, v) for k, v in item.items()) for item in items]
    assert rows == expected


@SETTINGS
@given(ITEM)
def test_single_objects_round_trip(item):
    xml = xmltodict.unparse({"Thing": item})
    assert unwrap_object(client("xml").decode(Answer(xml, "application/xml")), "Thing") == item
    assert unwrap_object(client().decode(Answer(json.dumps(item), "application/json")), "Thing") == item


@SETTINGS
@given(st.lists(ITEM, max_size=4), st.sampled_from(["application/json", "application/json;charset=UTF-8", None]))
def test_json_with_or_without_content_type(items, content_type):
    total, rows = split_list(client().decode(Answer(as_json(items), content_type)), "Thing")
    assert (total, rows) == (len(items), items)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20)


@SETTINGS
@given(JSON_VALUES, st.text(max_size=8))
def test_split_list_raises_only_value_error(document, key):
    try:
        total, rows = split_list(document, key)
    except ValueError:
        return
    assert total is None or isinstance(total, int)
    assert all(isinstance(row, dict) for row in rows)


@SETTINGS
@given(JSON_VALUES, st.text(max_size=8))
def test_normalisers_never_raise(document, root):
    obj = unwrap_object(document, root)
    assert isinstance(obj, dict)
    assert not any(k.startswith("@") for k in obj)
    assert isinstance(normalise_object(document), dict)
    assert isinstance(as_list(document), list)


@SETTINGS
@given(st.text(max_size=200), st.sampled_from(["application/json", "application/xml", "text/html", "", None]),
       st.sampled_from(["xml", "json"]))
def test_any_text_gives_a_document_or_a_cupi_error(text, content_type, api_format):
    cupi = client(api_format)
    answer = Answer(text, content_type)
    try:
        document = cupi._document(answer, "GET", "/vmrest/things")
    except CupiError as exc:
        assert str(exc).endswith("(GET /vmrest/things)")
        return
    try:
        split_list(document, "Thing")
    except ValueError:
        pass
    unwrap_object(document, "Thing")


@SETTINGS
@given(st.text(max_size=200), st.integers(min_value=400, max_value=599))
def test_any_error_body_gives_a_cupi_error(text, status):
    error = client()._error(Answer(text, "text/html", status), "PUT", "/vmrest/things/1")
    assert isinstance(error, CupiError)
    assert error.status == status and error.message
    assert str(error).startswith("HTTP %d" % status)
    assert str(error).endswith("(PUT /vmrest/things/1)")


@SETTINGS
@given(st.text(max_size=30), st.sampled_from(["is", "startswith"]))
def test_build_query_is_safe_or_none(value, operator):
    query = build_query("DisplayName", value, operator)
    if query is None:
        assert value == "" or value != value.strip() or any(c in value for c in "()&")
    else:
        assert query == "(DisplayName %s %s)" % (operator, value)
        assert not any(c in value for c in "()&")


@SETTINGS
@given(st.lists(TEXT) | TEXT | st.none())
def test_as_list(value):
    result = as_list(value)
    assert isinstance(result, list)
    if isinstance(value, list):
        assert result is value
    elif value in (None, ""):
        assert result == []
    else:
        assert result == [value]
