# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The list modules' plain steps, directly: list order, the predicted result, item keys,
duplicates, ``differences``, and the words of ``msg``. No server."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils.base import (
    difference,
    field_differences,
    plural,
    shown,
)
from ansible_collections.cupi.telephony.plugins.module_utils.children import (
    Add,
    ListChanges,
    Update,
    child_differences,
    duplicate_keys,
    item_key,
    order,
    predict,
)
from ansible_collections.cupi.telephony.plugins.module_utils.resources import (
    AXL_SERVER,
    PORT_GROUP_CODEC,
    PORT_GROUP_SERVER,
)
from ansible_collections.cupi.telephony.plugins.module_utils.telephony import dependents_phrase, port_count

SERVER_KEY = ("type", "host")


def diff(kind, name, action, parent=None, fld=None, before=None, after=None):
    label = name and "%s %s" % (kind, name) or kind
    return {"object": "%s of %s" % (label, parent) if parent else label, "kind": kind, "name": name,
            "parent": parent, "action": action, "field": fld, "before": before, "after": after}


# order ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("wanted, current, key_options, scope, expected", [
    ([{"host": "a"}, {"host": "b"}, {"host": "c"}], [], ("host",), (), [1, 2, 3]),
    ([{"host": "a", "precedence": 5}, {"host": "b"}, {"host": "c", "precedence": 2}, {"host": "d"}], [],
     ("host",), (), [5, 6, 2, 3]),
    ([{"host": "a"}, {"host": "b"}, {"host": "c"}], [{"host": "b", "precedence": 4}], ("host",), (), [1, 4, 5]),
    ([{"host": "a"}, {"host": "b"}], [{"host": "a", "precedence": 3}, {"host": "b", "precedence": 2}],
     ("host",), (), [3, 4]),
    ([{"host": "a"}, {"host": "b"}], [{"host": "a", "precedence": 3}, {"host": "b", "precedence": 3}],
     ("host",), (), [3, 4]),
    ([{"host": "a"}, {"host": "b"}], [{"host": "a", "precedence": 0}, {"host": "b", "precedence": 7}],
     ("host",), (), [0, 7]),
    ([{"host": "a"}, {"host": "b"}], [{"host": "A", "precedence": 2}, {"host": "b", "precedence": "x"}],
     ("host",), (), [2, 3]),
    ([{"host": "a"}, {"host": "b"}], [{"host": "a", "precedence": None}, {"host": "b"}], ("host",), (), [1, 2]),
    ([{"host": "a", "precedence": 9}, {"host": "b"}], [{"host": "b", "precedence": 4}], ("host",), (), [9, 10]),
    ([{"type": "cucm", "host": "a"}, {"type": "tftp", "host": "a"}, {"type": "cucm", "host": "b"},
      {"type": "sip_proxy", "host": "c"}, {"type": "TFTP", "host": "d"}], [], SERVER_KEY, ("type",),
     [1, 1, 2, 1, 2]),
    ([{"type": "cucm", "host": "a"}, {"type": "tftp", "host": "t"}, {"type": "cucm", "host": "b"}],
     [{"type": "cucm", "host": "b", "precedence": 6}, {"type": "tftp", "host": "t", "precedence": 1}],
     SERVER_KEY, ("type",), [1, 1, 6]),
    ([{"type": "cucm", "host": "a"}, {"type": "tftp", "host": "t"}], [], SERVER_KEY, (), [1, 2]),
], ids=["list order", "given values kept, others after the previous", "existing rises: kept",
        "existing does not rise: next", "existing ties: next", "existing zero first: kept",
        "existing non-number: next", "existing without value", "given value raises the bar",
        "scopes per server type", "existing value per scope", "one scope for all"])
def test_order(wanted, current, key_options, scope, expected):
    keys = [item_key(w, key_options) for w in wanted]
    by_key = dict((item_key(c, key_options), c) for c in current)
    order(wanted, keys, by_key, "precedence", scope)
    assert [w["precedence"] for w in wanted] == expected


def test_order_leaves_the_server_objects_alone():
    current = [{"host": "a", "precedence": 3}]
    before = copy.deepcopy(current)
    wanted = [{"host": "b"}, {"host": "a"}]
    order(wanted, [("b",), ("a",)], {("a",): current[0]}, "precedence", ())
    assert wanted == [{"host": "b", "precedence": 1}, {"host": "a", "precedence": 3}]
    assert current == before


def test_order_other_option():
    wanted = [{"name": "G.729"}, {"name": "G.711 mu-law", "preference": 4}, {"name": "iLBC"}]
    keys = [("g.729",), ("g.711 mu-law",), ("ilbc",)]
    order(wanted, keys, {}, "preference", ())
    assert [w["preference"] for w in wanted] == [1, 4, 5]


# predict --------------------------------------------------------------------------------------

def axl(host, **values):
    return dict(host=host, object_id="id-" + host, **values)


def by_host(item):
    return (item["host"],)


def changes(current, creates=(), updates=(), deletes=(), wanted_keys=()):
    found = ListChanges(current, list(wanted_keys))
    found.creates = [Add(given, {}) for given in creates]
    found.updates, found.deletes = [Update(*u) for u in updates], list(deletes)
    return found


def test_predict_deletes_updates_creates():
    a, b, c = axl("a", port=8443, username="axl"), axl("b", port=8443), axl("c", precedence=2)
    current = [a, b, c]
    before = copy.deepcopy(current)
    updates = [(a, {"host": "a", "port": 443, "password": "new", "username": "axl"}, ["port", "password"], {})]
    creates = [{"host": "d", "password": "pw", "port": 8443}]
    after = predict(AXL_SERVER, changes(current, creates, updates, [b]), by_host)
    assert after == [
        {"host": "a", "object_id": "id-a", "port": 443, "username": "axl"},
        {"host": "c", "object_id": "id-c", "precedence": 2},
        {"host": "d", "port": 8443, "object_id": None},
    ]
    assert current == before


@pytest.mark.parametrize("creates, updates, deletes, expected", [
    ([], [], [], ["a", "b"]),
    ([], [], [0, 1], []),
    ([{"host": "z"}], [], [0], ["b", "z"]),
    ([{"host": "y"}, {"host": "x"}], [], [], ["a", "b", "y", "x"]),
], ids=["nothing", "every one deleted", "create after the kept", "creates in list order"])
def test_predict_order(creates, updates, deletes, expected):
    current = [axl("a"), axl("b")]
    after = predict(AXL_SERVER, changes(current, creates, updates, [current[i] for i in deletes]), by_host)
    assert [c["host"] for c in after] == expected


def test_predict_update_with_only_a_secret_shows_no_change():
    a = axl("a", port=8443)
    after = predict(AXL_SERVER, changes([a], updates=[(a, {"host": "a", "password": "new"}, ["password"], {})]),
                    by_host)
    assert after == [{"host": "a", "object_id": "id-a", "port": 8443}]


def test_predict_sets_only_the_changed_fields():
    have = {"type": "cucm", "host": "a", "port": 2000, "precedence": 1, "object_id": "s1"}
    given = {"type": "cucm", "host": "a", "port": 2000, "precedence": 2}
    after = predict(PORT_GROUP_SERVER, changes([have], updates=[(have, given, ["precedence"], {})]),
                    lambda item: (item["type"], item["host"]))
    assert after == [{"type": "cucm", "host": "a", "port": 2000, "precedence": 2, "object_id": "s1"}]


def test_predict_shows_the_ids_the_server_gave():
    """After a real run, a new child carries the id its POST answered."""
    after = predict(AXL_SERVER, changes([axl("a")], [{"host": "d"}]), by_host, ids={("d",): "id-new"})
    assert after == [{"host": "a", "object_id": "id-a"}, {"host": "d", "object_id": "id-new"}]


@pytest.mark.parametrize("wanted, changed, creates, expected", [
    (["a", "b", "c"], [], [], ["a", "b", "c"]),
    (["b", "a", "c"], ["b"], [], ["a", "c", "b"]),
    (["c", "b", "a"], ["c", "b"], [], ["a", "c", "b"]),
    (["a", "z", "b", "c"], ["b", "c"], ["z"], ["a", "z", "b", "c"]),
    (["z", "a", "b", "c"], [], ["z"], ["a", "b", "c", "z"]),
], ids=["nothing", "one moved to the end", "two moved, in wanted order", "new one between", "new one last"])
def test_predict_recreated_children_join_the_new_ones_in_wanted_order(wanted, changed, creates, expected):
    """Children that are deleted and added again (codecs) leave their place: the server lists
    them after the ones left alone, in the order they are added (the wanted order)."""
    current = [axl("a"), axl("b"), axl("c")]
    updates = [(c, {"host": c["host"]}, [], {}) for c in current if c["host"] in changed]
    after = predict(AXL_SERVER, changes(current, [{"host": h} for h in creates], updates,
                                        wanted_keys=[(h,) for h in wanted]), by_host, recreated=True)
    assert [c["host"] for c in after] == expected


# item_key, duplicate_keys ---------------------------------------------------------------------

@pytest.mark.parametrize("item, key_options, expected", [
    ({"type": "CUCM", "host": "10.1.1.10"}, SERVER_KEY, ("cucm", "10.1.1.10")),
    ({"type": "cucm", "host": "CUCM-A.example.com", "port": 2000}, SERVER_KEY, ("cucm", "cucm-a.example.com")),
    ({"host": "h"}, SERVER_KEY, ("", "h")),
    ({"type": None, "host": "h"}, SERVER_KEY, ("", "h")),
    ({"name": "G.711 mu-law"}, ("name",), ("g.711 mu-law",)),
    ({"port": 5060}, ("port",), ("5060",)),
    ({}, (), ()),
], ids=["lower-cased", "other options ignored", "missing", "None", "one option", "number as text", "no key"])
def test_item_key(item, key_options, expected):
    assert item_key(item, key_options) == expected


@pytest.mark.parametrize("items, key_options, option, expected", [
    ([], SERVER_KEY, "servers", []),
    ([{"type": "cucm", "host": "a"}, {"type": "tftp", "host": "a"}, {"type": "cucm", "host": "b"}],
     SERVER_KEY, "servers", []),
    ([{"type": "cucm", "host": "A"}, {"type": "cucm", "host": "a"}], SERVER_KEY, "servers",
     ["servers[1]: cucm/a is listed twice"]),
    ([{"type": "cucm", "host": "a"}, {"type": "cucm", "host": "b"}, {"type": "CUCM", "host": "A"},
      {"type": "cucm", "host": "a"}], SERVER_KEY, "servers",
     ["servers[2]: CUCM/A is listed twice", "servers[3]: cucm/a is listed twice"]),
    ([{"name": "G.729"}, {"name": "g.729", "packet_size": 30}], ("name",), "codecs",
     ["codecs[1]: g.729 is listed twice"]),
    ([{"host": "10.1.1.10", "precedence": 1}, {"host": "10.1.1.10", "precedence": 2}], ("host",), "axl_servers",
     ["axl_servers[1]: 10.1.1.10 is listed twice"]),
], ids=["none", "same host, other type", "case-insensitive", "each repeat", "codecs", "axl servers"])
def test_duplicate_keys(items, key_options, option, expected):
    assert duplicate_keys(items, key_options, option) == expected


# difference, field_differences -----------------------------------------------------------------

@pytest.mark.parametrize("args, kwargs, expected", [
    (("phone system", "HQ", "create"), {}, diff("phone system", "HQ", "create")),
    (("SIP security profile", 5060, "delete"), {}, diff("SIP security profile", "5060", "delete")),
    (("AXL server", "10.1.1.10", "update", "phone system HQ"), dict(field="port", before=8443, after=443),
     diff("AXL server", "10.1.1.10", "update", "phone system HQ", "port", 8443, 443)),
    (("AXL server", "10.1.1.10", "update", "phone system HQ"),
     dict(field="password", before=None, after="s3cret", secret=True),
     diff("AXL server", "10.1.1.10", "update", "phone system HQ", "password", "(secret)", "(secret)")),
], ids=["create", "name as text", "update", "secret masked"])
def test_difference(args, kwargs, expected):
    assert difference(*args, **kwargs) == expected


def test_field_differences_mask_secrets():
    have = {"host": "10.1.1.10", "port": 8443, "username": "old"}
    want = {"host": "10.1.1.10", "port": 443, "username": "axl", "password": "s3cret"}
    assert field_differences(AXL_SERVER, "10.1.1.10", have, want, ["port", "username", "password"],
                             "phone system HQ") == [
        diff("AXL server", "10.1.1.10", "update", "phone system HQ", "port", 8443, 443),
        diff("AXL server", "10.1.1.10", "update", "phone system HQ", "username", "old", "axl"),
        diff("AXL server", "10.1.1.10", "update", "phone system HQ", "password", "(secret)", "(secret)"),
    ]


def test_field_differences_without_parent():
    assert field_differences(AXL_SERVER, "h", {}, {"pin_sync": True}, ["pin_sync"]) == [
        diff("AXL server", "h", "update", None, "pin_sync", None, True)]


# child_differences ----------------------------------------------------------------------------

def test_child_differences_create_update_delete():
    parent = "port group HQ-SIP"
    a = {"type": "cucm", "host": "10.1.1.10", "port": 2000, "object_id": "s1"}
    b = {"type": "cucm", "host": "10.1.1.11", "object_id": "s2"}
    c = {"type": "tftp", "host": "10.1.1.12", "object_id": "s3"}
    current = [a, b, c]
    new = {"type": "sip_proxy", "host": "10.1.1.20"}
    wanted_keys = [("cucm", "10.1.1.10"), ("sip_proxy", "10.1.1.20"), ("cucm", "10.1.1.11")]
    updates = [(a, {"type": "cucm", "host": "10.1.1.10", "port": 2001, "precedence": 3}, ["port", "precedence"], {})]
    result = child_differences(PORT_GROUP_SERVER, SERVER_KEY, parent, changes(current, [new], updates, [c], wanted_keys))
    assert result == [
        diff("port group server", "sip_proxy 10.1.1.20", "create", parent),
        diff("port group server", "cucm 10.1.1.10", "update", parent, "port", 2000, 2001),
        diff("port group server", "cucm 10.1.1.10", "update", parent, "precedence", None, 3),
        diff("port group server", "tftp 10.1.1.12", "delete", parent),
    ]


def test_child_differences_moves_and_secrets():
    parent = "port group HQ-SIP"
    codecs = [{"name": "G.711 mu-law", "packet_size": 20, "object_id": "c1"},
              {"name": "G.729", "packet_size": 20, "object_id": "c2"}]
    wanted_keys = [("g.729",), ("g.711 mu-law",)]
    moves = [(codecs[0], {"name": "G.711 mu-law"}, [], {})]
    changed = [(codecs[1], {"name": "G.729", "packet_size": 30}, ["packet_size"], {})]
    result = child_differences(PORT_GROUP_CODEC, ("name",), parent,
                               changes(codecs, updates=changed + moves, wanted_keys=wanted_keys))
    assert result == [
        diff("port group codec", "G.729", "update", parent, "packet_size", 20, 30),
        diff("port group codec", "G.711 mu-law", "update", parent, "order", 1, 2),
    ]
    axl = {"host": "10.1.1.10", "object_id": "a1"}
    result = child_differences(AXL_SERVER, ("host",), "phone system HQ", changes(
        [axl], updates=[(axl, {"host": "10.1.1.10", "password": "pw"}, ["password"], {})], wanted_keys=[("10.1.1.10",)]))
    assert result == [diff("AXL server", "10.1.1.10", "update", "phone system HQ", "password", "(secret)",
                           "(secret)")]


def test_child_differences_nothing():
    assert child_differences(AXL_SERVER, ("host",), None, changes([])) == []


# dependents_phrase, shown, plural, port_count -------------------------------------------------------

GROUPS = [{"name": "G%02d" % n} for n in range(1, 13)]


@pytest.mark.parametrize("dependents, expected", [
    ({}, ""),
    ({"port_groups": []}, " with no port groups"),
    ({"port_groups": [{"name": "HQ-SIP"}], "ports": 1}, " with 1 port group (HQ-SIP) and 1 port"),
    ({"port_groups": [{"name": "A"}, {"name": "B"}], "ports": 6}, " with 2 port groups (A, B) and 6 ports"),
    ({"port_groups": [{"name": "A"}], "ports": 0}, " with 1 port group (A) and 0 ports"),
    ({"port_groups": GROUPS, "ports": 24},
     " with 12 port groups (G01, G02, G03, G04, G05, G06, G07, G08, G09, G10 and 2 more) and 24 ports"),
    ({"ports": [], "port_count": 0}, " with no ports"),
    ({"ports": ["HQ-SIP-001"], "port_count": 1}, " with 1 port (HQ-SIP-001)"),
    ({"ports": ["p1", "p2"], "port_count": 2}, " with 2 ports (p1, p2)"),
    ({"ports": ["p%d" % n for n in range(1, 12)]},
     " with 11 ports (p1, p2, p3, p4, p5, p6, p7, p8, p9, p10 and 1 more)"),
], ids=["nothing", "no port groups", "one of each", "several", "groups without ports", "more than ten groups",
        "no ports", "one port", "two ports", "more than ten ports"])
def test_dependents_phrase(dependents, expected):
    assert dependents_phrase(dependents) == expected


@pytest.mark.parametrize("names, limit, expected", [
    ([], 20, ""),
    (["a"], 20, "a"),
    (["a", "b"], 20, "a, b"),
    (["n%d" % n for n in range(21)], 20, ", ".join("n%d" % n for n in range(20)) + " and 1 more"),
    (["n%d" % n for n in range(20)], 20, ", ".join("n%d" % n for n in range(20))),
    (["a", "b", "c", "d"], 2, "a, b and 2 more"),
    ((n for n in ["x", "y", "z"]), 2, "x, y and 1 more"),
], ids=["none", "one", "two", "over the limit", "at the limit", "own limit", "a generator"])
def test_shown(names, limit, expected):
    assert shown(names, limit) == expected


@pytest.mark.parametrize("count, word, expected", [
    (0, "port", "0 ports"),
    (1, "port", "1 port"),
    (2, "port group", "2 port groups"),
])
def test_plural(count, word, expected):
    assert plural(count, word) == expected


@pytest.mark.parametrize("raw, expected", [
    ({"PortCount": "4"}, 4),
    ({"PortCount": " 12 "}, 12),
    ({"PortCount": 6}, 6),
    ({"PortCount": "0"}, 0),
    ({"PortCount": ""}, None),
    ({"PortCount": "many"}, None),
    ({}, None),
], ids=["text", "trimmed", "number", "zero", "empty", "not a number", "not shown"])
def test_port_count(raw, expected):
    assert port_count(raw) == expected
