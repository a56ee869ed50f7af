# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plans: the requests a task sends, all decided before the first one goes.

A module builds a plan (each request's method, path, body and why), the runner applies it
(in check mode it sends nothing), then the module builds its result from the plan. The
result's ``requests`` lists the plans' requests with secrets masked: what was sent, or in
check mode what would be.
"""

from __future__ import annotations

from ansible_collections.cupi.telephony.plugins.module_utils.run_cache import SECRET_FIELDS

SECRET = "(secret)"
# The end of a path whose object does not exist yet (check mode, or not created yet).
NEW = "(new)"


class Step:
    """One request of a plan.

    ``find`` (POST) looks for the object after a lost answer or a 503 (``CupiRunner.create``);
    ``key`` names a new child for the result; ``under`` is a POST step whose new
    object's id ends this step's path (the DELETE of a child added to stand in meanwhile).
    """

    def __init__(self, method, path, body=None, root=None, why="", find=None, key=None, under=None):
        self.method = method
        self.path = path
        self.body = body
        self.root = root
        self.why = why
        self.find = find
        self.key = key
        self.under = under
        self.created = None  # POST: the id the server answered
        self.sent = False

    def target(self):
        """The path the request goes to."""
        if self.under is None:
            return self.path
        return "%s/%s" % (self.under.path, self.under.created or NEW)

    def shown(self):
        """The request as the result shows it: secrets masked."""
        out = {"method": self.method, "path": self.target()}
        if self.body is not None:
            out["body"] = dict((k, SECRET if k in SECRET_FIELDS else v) for k, v in self.body.items())
        out["why"] = self.why
        return out


class Plan:
    """The requests of one change, in the order they are sent."""

    def __init__(self):
        self.steps = []

    def add(self, method, path, **options):
        """A request at the end of the plan (see Step); returns its step."""
        step = Step(method, path, **options)
        self.steps.append(step)
        return step

    def created(self):
        """The ids the server gave the new children, by their key."""
        return dict((s.key, s.created) for s in self.steps if s.method == "POST" and s.key is not None)

    def __iter__(self):
        return iter(self.steps)

    def __len__(self):
        return len(self.steps)
