"""Phone system rules: required name, ranges, duplicates, aliases, cascade, associations."""

import pytest


def err(r):
    return r.status_code, r.json()["errors"]["code"], r.json()["errors"]["message"]


def test_display_name_required_and_length(api):
    status, code, msg = err(api.post("/vmrest/phonesystems", {"MwiForceOff": "true"}, fmt="json"))
    assert (status, code) == (400, "INVALID_PARAMETER") and "[DisplayName]" in msg
    assert err(api.post("/vmrest/phonesystems", {"DisplayName": ""}, fmt="json"))[:2] == (400, "INVALID_PARAMETER")
    assert api.post("/vmrest/phonesystems", {"DisplayName": "x" * 64}, fmt="json").status_code == 201
    assert err(api.post("/vmrest/phonesystems", {"DisplayName": "y" * 65}, fmt="json"))[:2] == (400, "INVALID_PARAMETER")


@pytest.mark.parametrize("field,bad,good", [
    ("CallLoopDTMF", "E", "#"),
    ("CallLoopDTMF", "12", "7"),
    ("CallLoopGuardTimeMs", "10001", "10000"),
    ("CallLoopGuardTimeMs", "-1", "0"),
    ("CallLoopGuardTimeMs", "abc", "5"),
    ("RestrictDialStartTime", "1440", "1439"),
    ("RestrictDialEndTime", "-5", "0"),
    ("MwiForceOff", "yes", "False"),
    ("EnablePhoneApplications", "2", "1"),
])
def test_ranges(api, field, bad, good):
    ps = api.create_ps("R")
    status, code, msg = err(api.put(f"/vmrest/phonesystems/{ps}", {field: bad}, fmt="json"))
    assert (status, code) == (400, "INVALID_PARAMETER")
    assert msg.startswith(f"Invalid parameter. Parameter = [{field}], Value = [{bad}]")
    status, code, _ = err(api.post("/vmrest/phonesystems", {"DisplayName": "R2", field: bad}, fmt="json"))
    assert (status, code) == (400, "INVALID_PARAMETER")
    assert api.put(f"/vmrest/phonesystems/{ps}", {field: good}, fmt="json").status_code == 204


def test_invalid_put_changes_nothing(api):
    ps = api.create_ps("R")
    r = api.put(f"/vmrest/phonesystems/{ps}", {"MwiForceOff": "true", "CallLoopGuardTimeMs": "99999"}, fmt="json")
    assert r.status_code == 400
    assert api.get(f"/vmrest/phonesystems/{ps}", fmt="json").json()["MwiForceOff"] == "false"


def test_duplicate_names_case_insensitive(api):
    ps = api.create_ps("CUCM-HQ")
    other = api.create_ps("Branch")
    status, code, msg = err(api.post("/vmrest/phonesystems", {"DisplayName": "cucm-hq"}, fmt="json"))
    assert (status, code) == (400, "DATA_EXCEPTION") and "cucm-hq" in msg
    status, code, msg = err(api.put(f"/vmrest/phonesystems/{other}", {"DisplayName": "CUCM-HQ"}, fmt="json"))
    assert (status, code) == (400, "DATA_EXCEPTION") and "CUCM-HQ" in msg
    # renaming to itself in another case is fine
    assert api.put(f"/vmrest/phonesystems/{ps}", {"DisplayName": "cucm-HQ"}, fmt="json").status_code == 204
    assert api.get(f"/vmrest/phonesystems/{ps}", fmt="json").json()["DisplayName"] == "cucm-HQ"


def test_singular_alias_path(api):
    ps = api.create_ps("Alias")
    assert api.get(f"/vmrest/phonesystem/{ps}", fmt="json").json()["ObjectId"] == ps
    assert api.put(f"/vmrest/phonesystem/{ps}", {"CallLoopDTMF": "b"}, fmt="json").status_code == 204
    assert api.get(f"/vmrest/phonesystems/{ps}", fmt="json").json()["CallLoopDTMF"] == "B"
    assert api.get(f"/vmrest/phonesystems/{ps.upper()}").status_code == 200


def test_update_fields(api):
    ps = api.create_ps("U")
    r = api.put(f"/vmrest/phonesystems/{ps}", {"PhoneSystem": {
        "MwiAlwaysUpdate": "true", "RestrictDialScheduled": "true", "RestrictDialStartTime": "480",
        "RestrictDialEndTime": "1020", "CallLoopExtensionDetect": "false", "PortCount": "2"}})
    assert r.status_code == 204
    obj = api.get(f"/vmrest/phonesystems/{ps}", fmt="json").json()
    assert obj["MwiAlwaysUpdate"] == "true" and obj["RestrictDialStartTime"] == "480"
    assert obj["RestrictDialEndTime"] == "1020" and obj["CallLoopExtensionDetect"] == "false"
    assert obj["PortCount"] == "0"


def test_association_blocks_delete(api):
    ps = api.create_ps("CUCM-HQ")
    for alias in ("jdoe", "operator"):
        r = api.admin("POST", "associations", json={"phone_system": "cucm-hq", "alias": alias,
                                                      "display_name": alias.title()})
        assert r.status_code == 201
    body = api.get(f"/vmrest/phonesystems/{ps}/phonesystemassociations", fmt="json").json()
    assert body["@total"] == "2"
    first = body["PhoneSystemAssociation"][0]
    assert first["Alias"] == "jdoe" and first["MediaSwitchDisplayName"] == "CUCM-HQ"
    assert first["MediaSwitchObjectId"] == ps
    assert list(first) == ["URI", "Alias", "DisplayName", "MediaSwitchDisplayName", "MediaSwitchObjectId",
                           "PhoneSystemURI", "numNotificationDevice", "numNotificationMWI",
                           "numPrimaryCallHandler", "ObjectId"]
    one = api.get(first["URI"], fmt="json")
    assert one.status_code == 200 and one.json() == first
    status, code, msg = err(api.delete(f"/vmrest/phonesystems/{ps}", fmt="json"))
    assert (status, code) == (400, "DATA_EXCEPTION")
    assert "2" in msg and "jdoe" in msg and "operator" in msg
    assert api.get(f"/vmrest/phonesystems/{ps}").status_code == 200
    # associations are read-only on /vmrest
    assert api.request("DELETE", first["URI"]).status_code == 405
    assert api.post(f"/vmrest/phonesystems/{ps}/phonesystemassociations", {"Alias": "x"}).status_code == 405


def test_delete_cascades_to_axl_servers(api):
    ps = api.create_ps("C")
    axl = api.create_axl(ps, "10.1.1.10")
    assert api.delete(f"/vmrest/phonesystems/{ps}").status_code == 204
    assert api.get(f"/vmrest/phonesystems/{ps}").status_code == 404
    assert api.admin("GET", f"secrets/axlservers/{axl}").status_code == 404
    assert api.delete(f"/vmrest/phonesystems/{ps}").status_code == 404
