"""Paging, query and sort."""

import pytest


@pytest.fixture()
def five(api):
    for name in ["Echo", "alpha", "Charlie", "bravo", "Delta"]:
        api.create_ps(name, MwiForceOff="true" if name in ("alpha", "Delta") else "false",
                      CallLoopGuardTimeMs=str(len(name) * 100))
    return api


def names(r):
    body = r.json()
    items = body.get("PhoneSystem", [])
    if isinstance(items, dict):
        items = [items]
    return body["@total"], [i["DisplayName"] for i in items]


def test_paging(five):
    api = five
    assert names(api.get("/vmrest/phonesystems?rowsPerPage=2&pageNumber=1", fmt="json")) == ("5", ["Echo", "alpha"])
    assert names(api.get("/vmrest/phonesystems?rowsPerPage=2&pageNumber=3", fmt="json")) == ("5", ["Delta"])
    assert names(api.get("/vmrest/phonesystems?rowsPerPage=2&pageNumber=4", fmt="json")) == ("5", [])
    assert api.get("/vmrest/phonesystems?rowsPerPage=0", fmt="json").json() == {"@total": "5"}
    assert names(api.get("/vmrest/phonesystems?rowsPerPage=2", fmt="json"))[1] == ["Echo", "alpha"]
    assert names(api.get("/vmrest/phonesystems", fmt="json"))[0] == "5"
    assert api.get("/vmrest/phonesystems?rowsPerPage=abc", fmt="json").status_code == 400


def test_query_is_and_startswith(five):
    api = five
    assert names(api.get("/vmrest/phonesystems", params={"query": "(displayname is ALPHA)"}, fmt="json")) == ("1", ["alpha"])
    assert names(api.get("/vmrest/phonesystems", params={"query": "(DisplayName startswith d)"}, fmt="json")) == ("1", ["Delta"])
    assert names(api.get("/vmrest/phonesystems", params={"query": "(MwiForceOff is 1)"}, fmt="json")) == ("2", ["alpha", "Delta"])
    assert names(api.get("/vmrest/phonesystems", params={"query": "(MwiForceOff is false)"}, fmt="json"))[0] == "3"


def test_query_several_clauses_encoded_and_not(five):
    api = five
    q = "(MwiForceOff is true)&(DisplayName startswith a)"
    assert names(api.get("/vmrest/phonesystems", params={"query": q}, fmt="json")) == ("1", ["alpha"])
    # Unencoded '&' splits the parameter; the emulator joins it again.
    r = api.get("/vmrest/phonesystems?query=(MwiForceOff%20is%20true)&(DisplayName%20startswith%20a)", fmt="json")
    assert names(r) == ("1", ["alpha"])


def test_query_with_paging_total_counts_matches(five):
    r = five.get("/vmrest/phonesystems", params={"query": "(MwiForceOff is 0)", "rowsPerPage": "1",
                                                 "pageNumber": "2"}, fmt="json")
    assert names(r) == ("3", ["Charlie"])


def test_no_match_and_malformed_query_are_empty_200(five):
    for q in ["(DisplayName is nobody)", "DisplayName = x", "(NoSuchColumn is 1)", "(DisplayName contains a)"]:
        r = five.get("/vmrest/phonesystems", params={"query": q}, fmt="json")
        assert r.status_code == 200 and r.json() == {"@total": "0"}, q
    r = five.get("/vmrest/phonesystems", params={"query": "(DisplayName is nobody)"})
    assert r.status_code == 200 and 'total="0"' in r.text


def test_sort(five):
    api = five
    assert names(api.get("/vmrest/phonesystems", params={"sort": "(DisplayName asc)"}, fmt="json"))[1] == [
        "alpha", "bravo", "Charlie", "Delta", "Echo"]
    assert names(api.get("/vmrest/phonesystems", params={"sort": "(displayname DESC)"}, fmt="json"))[1] == [
        "Echo", "Delta", "Charlie", "bravo", "alpha"]
    # numeric sort, not lexical
    r = api.get("/vmrest/phonesystems", params={"sort": "(CallLoopGuardTimeMs asc)", "rowsPerPage": "2"}, fmt="json")
    assert names(r)[1] == ["Echo", "alpha"]


def test_child_list_under_unknown_parent_is_empty(api):
    r = api.get("/vmrest/phonesystems/0b5a7b4e-1111-4222-8333-444455556666/axlservers", fmt="json")
    assert r.status_code == 200 and r.json() == {"@total": "0"}
    r = api.get("/vmrest/phonesystems/bogus/phonesystemassociations")
    assert r.status_code == 200 and 'total="0"' in r.text
