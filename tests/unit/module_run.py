# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Running a module's logic the way its action plugin does, for the unit tests."""

from __future__ import annotations

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator


def run(module, connection, check_mode=False, diff=True, **options):
    """The module's Runner with the connection and ``options``, validated first as Ansible
    validates a task's arguments (the argument spec and its rules)."""
    params = dict(connection)
    params.update(options)
    validation = ArgumentSpecValidator(module.Runner.full_argument_spec(),
                                       **module.Runner.validator_options()).validate(params)
    assert not validation.error_messages, validation.error_messages
    return module.Runner(validation.validated_parameters, check_mode=check_mode, diff=diff).execute()


def writes(emulator):
    """The methods of the requests the emulator took that were not reads."""
    return [e["method"] for e in emulator.requests_log() if e["method"] != "GET"]
