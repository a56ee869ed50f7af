# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A flag that only the primary child may have (an AXL server's ``IsPinSyncEnabled``,
Telephony Integrations, "AXL Servers"; Phone Systems, "AXL Servers"): the order of a list
module's requests that keeps it so after every request.

The primary is the child with the lowest rank (``precedence``); on a tie, the one created
first (the server lists children in the order they were added). A child added without a
rank gets the one after the highest.
"""

from __future__ import annotations

from collections import namedtuple

# One request of a list module: ``kind`` create, update or delete; the child as on the server
# (``have``; None for a create), as given (None for a delete), the options that differ (none:
# it only moves) and the request's body.
Step = namedtuple("Step", "kind have given fields body")


def after_step(state, step, flag, rank):
    """The children (``[have_or_given, rank, flag]`` in creation order) after one step."""
    kind, have, given = step.kind, step.have, step.given
    if kind == "delete":
        return [s for s in state if s[0] is not have]
    if kind == "create":
        value = given.get(rank)
        if value is None:
            value = max([s[1] for s in state if s[1] is not None], default=-1) + 1
        return state + [[given, value, bool(given.get(flag))]]
    changed = []
    for child in state:
        if child[0] is have:
            child = [have, given.get(rank, child[1]), bool(given.get(flag, child[2]))]
        changed.append(child)
    return changed


def keeps_primary_only(state):
    """True when no child but the primary has the flag."""
    if not any(s[2] for s in state):
        return True
    primary = min(range(len(state)), key=lambda i: (state[i][1] or 0, i))
    return not any(s[2] for i, s in enumerate(state) if i != primary)


def primary_safe_order(steps, current, flag, rank):
    """The steps in the order to send them: at every request only the primary has ``flag``.

    Preferred order: the updates that take the flag away first (the old primary is demoted
    before the new one is promoted), then adds, other updates, removals; each time the first
    step in that order whose result keeps the rule goes next. A list whose end state keeps
    the rule always finds such a step: once the child that keeps or gets the flag has its
    final rank, no other step can outrank it. When none does (the end state itself breaks
    the rule), the rest go in the preferred order and the server's refusal says why."""
    def demotes(step):
        return step.kind == "update" and step.have.get(flag) and step.given.get(flag) is False
    kinds = ("create", "update", "delete")
    pending = sorted(steps, key=lambda s: (not demotes(s), kinds.index(s.kind)))
    state = [[c, c.get(rank), bool(c.get(flag))] for c in current]
    ordered = []
    while pending:
        pick = next((s for s in pending if keeps_primary_only(after_step(state, s, flag, rank))), pending[0])
        pending.remove(pick)
        state = after_step(state, pick, flag, rank)
        ordered.append(pick)
    return ordered
