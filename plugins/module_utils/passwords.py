# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Passwords given for objects that exist, with ``update_password: on_create``: the server
never returns a password, so it is not compared, and it is not sent either. The task says
so (a warning naming the objects, and ``passwords_not_sent``), with how to send it."""

from __future__ import annotations


def not_sent(runner, given, option):
    """Whether ``option``, given for an object that exists, goes unsent (not compared)."""
    return given.get(option) is not None and runner.params.get("update_password") != "always"


def not_sent_message(option, labels):
    """The warning of a task whose ``option`` was given for ``labels``, objects that exist."""
    return ("%s not compared or sent for %s: %s, and update_password is on_create (the server never "
            "returns a password); to send it, set update_password: always (the integration role: "
            "cupi_update_passwords: true, e.g. -e cupi_update_passwords=true)"
            % (option, ", ".join(labels), "it exists" if len(labels) == 1 else "they exist"))


def passwords_result(runner, result, option, labels):
    """``result`` with ``passwords_not_sent`` (the objects' labels) and, when there are any,
    one warning for the task."""
    result["passwords_not_sent"] = list(labels)
    if labels:
        runner.warnings.append(not_sent_message(option, labels))
    return result
