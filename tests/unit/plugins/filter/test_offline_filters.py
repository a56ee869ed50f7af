# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role's key check reads its argument specification by path (role_option_names,
integration_keys): the same errors as with the options given, the file read once per version."""

from __future__ import annotations

import os

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.cupi.telephony.plugins.filter.offline import (
    FilterModule,
    integration_keys,
    role_option_names,
    role_options,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
SPEC = os.path.join(ROOT, "roles", "integration", "meta", "argument_specs.yml")
MISSPELT = dict(cupi_phone_systems=[dict(name="CUCM-HQ", settings=dict(mwi_port_memoryy=True))])


def test_the_role_option_names():
    with open(SPEC, encoding="utf-8") as handle:
        expected = sorted(yaml.safe_load(handle)["argument_specs"]["main"]["options"])
    assert role_option_names(SPEC) == expected
    assert "cupi_phone_systems" in expected and "cupi_reset_policy" in expected


def test_a_path_gives_the_errors_the_options_give():
    with open(SPEC, encoding="utf-8") as handle:
        options = yaml.safe_load(handle)["argument_specs"]["main"]["options"]
    errors = integration_keys(MISSPELT, SPEC)
    assert errors == integration_keys(MISSPELT, options)
    assert len(errors) == 1 and "cupi_phone_systems[0] (CUCM-HQ).settings.mwi_port_memoryy" in errors[0], errors
    assert "did you mean mwi_port_memory?" in errors[0]


def test_the_file_is_read_again_only_when_it_changes(tmp_path):
    spec = tmp_path / "argument_specs.yml"
    spec.write_text("argument_specs:\n  main:\n    options:\n      cupi_a: {type: str}\n")
    first = role_options(str(spec))
    assert role_options(str(spec)) is first  # the same object: not read again
    spec.write_text("argument_specs:\n  main:\n    options:\n      cupi_a: {type: str}\n      cupi_b: {type: int}\n")
    os.utime(spec, ns=(1, 1))  # a new version, whatever the clock's resolution
    assert role_option_names(str(spec)) == ["cupi_a", "cupi_b"]


@pytest.mark.parametrize("path, entry_point, said", [
    ("/nonexistent/argument_specs.yml", "main", "cannot read the argument specification /nonexistent/argument_specs.yml"),
    (SPEC, "nowhere", "has no entry point nowhere; it has main, offline"),
])
def test_a_spec_that_cannot_be_used_is_said(path, entry_point, said):
    with pytest.raises(AnsibleFilterError) as error:
        role_option_names(path, entry_point)
    assert said in str(error.value)


def test_the_filters_are_published():
    filters = FilterModule().filters()
    assert set(filters) == {"integration_references", "integration_keys", "role_option_names"}
