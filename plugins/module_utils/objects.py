# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Modules of one object found by name (phone systems, port groups, SIP profiles and
certificates): plan the create, update or delete, apply it, build the result."""

from __future__ import annotations

from ansible_collections.cupi.telephony.plugins.module_utils.base import (
    CupiRunner,
    ModuleFailure,
    difference,
    field_differences,
)
from ansible_collections.cupi.telephony.plugins.module_utils.client import CupiError
from ansible_collections.cupi.telephony.plugins.module_utils.plan import Plan
from ansible_collections.cupi.telephony.plugins.module_utils.resources import CHANGED_GROUP_RESET, NEW_GROUP_RESET
from ansible_collections.cupi.telephony.plugins.module_utils.spec import object_label


class ObjectChange:
    """What a task does to its object: the plan, ``msg``, the object after, ``differences``."""

    def __init__(self, msg, after, differences=(), plan=None):
        self.msg = msg
        self.after = after
        self.differences = list(differences)
        self.plan = plan or Plan()
        self.extra = {}


class ObjectRunner(CupiRunner):
    """A single-object module (present / absent), found by ``key_option``.

    Subclasses declare ``resource``, ``result_key``, optionally ``key_option``,
    ``required_on_create``, ``create_extra()`` (more CUPI fields for the POST),
    ``dependents()`` and ``create_unsupported``.
    """

    resource = None
    key_option = "name"
    result_key = None
    required_on_create = ()
    # What to tell the user when the server has no create for the object (404, 405, 501):
    # a create the reference does not document (SIP certificates).
    create_unsupported = None

    def check(self):
        errors = self.resource.check(self.params)
        if str(self.params[self.key_option]).strip() == "":
            errors.insert(0, "%s must not be empty" % self.key_option)
        return errors

    def create_extra(self):
        return {}

    def dependents(self, current_raw):  # pylint: disable=unused-argument
        """What the server deletes with the object (raw) that ``state: absent`` deletes,
        for the result and ``msg``; None when nothing goes with it."""
        return None

    def dependents_phrase(self, gone):  # pylint: disable=unused-argument
        """``msg``'s words for what ``dependents()`` found (`` with 2 ports (A, B)``)."""
        return ""

    def run(self):
        name = self.params[self.key_option]
        current = self.find(self.resource, name)
        before = self.as_options(self.resource, current) if current else {}
        given = dict((f.option, self.params[f.option]) for f in self.resource.writable()
                     if self.params.get(f.option) is not None)
        if self.params["state"] == "absent":
            change = self.plan_delete(name, current, before)
        elif current is None:
            change = self.plan_create(name, given)
        else:
            change = self.plan_update(name, current, before, given)
        if current is None and change.plan:
            self.apply_create(change.plan, name)
        else:
            self.apply(change.plan)
        return self.object_result(change, before)

    # -- plans -------------------------------------------------------------------------
    def plan_delete(self, name, current, before):
        label = object_label(self.resource.kind, name)
        if current is None:
            return ObjectChange("%s is absent" % label, {})
        gone = self.dependents(current)  # read before it is deleted
        change = ObjectChange("%s deleted%s" % (label, self.dependents_phrase(gone or {})), {},
                              [difference(self.resource.kind, name, "delete")])
        change.plan.add("DELETE", self.resource.object_path(current["ObjectId"]), why="state is absent")
        if gone is not None:
            change.extra["dependents"] = gone
        return change

    def plan_create(self, name, given):
        resource, label = self.resource, object_label(self.resource.kind, name)
        missing = [o for o in self.required_on_create if given.get(o) is None]
        if missing:
            raise ModuleFailure("%s does not exist; to create it, set %s" % (label, ", ".join(missing)))
        body = self.payload(resource, given, True)  # resolves references: errors now
        body.update(self.create_extra())
        # Not read back (docs/decisions.md): what is sent, and the id the server gives; what
        # the server derives shows on the next read.
        after = self.as_options(resource, body)
        for option, value in given.items():
            field = resource.by_option[option]
            # A reference keeps the name the server gives it; one not there yet, the task's.
            if not field.secret and not (field.reference and after.get(option)):
                after[option] = value
        change = ObjectChange("%s created" % label, after, [difference(resource.kind, name, "create")])
        change.plan.add("POST", resource.path, body=body, root=resource.root, why="%s does not exist" % label,
                        find=lambda: (self.find(resource, name, fresh=True) or {}).get("ObjectId"))
        self.predict_created(name, body)
        return change

    def plan_update(self, name, current, before, given):
        resource, label = self.resource, object_label(self.resource.kind, name)
        changed = resource.changed_options(before, given)
        fixed = [k for k in changed if resource.by_option[k].create_only]
        if fixed:
            raise ModuleFailure("; ".join(
                "%s of %s is %r and cannot be changed to %r; delete the %s and create it again"
                % (k, label, before[k], given[k], resource.kind) for k in fixed))
        changed += self.always_changed(resource, given)
        if not changed:
            return ObjectChange("%s is as requested" % label, before)
        # The object as it was, with what is sent; in check mode what the server derives is
        # predicted (a reset, ``predict_changed``), in a real run it is read back (``object_result``).
        after = dict(before)
        after.update((k, given[k]) for k in changed if not resource.by_option[k].secret)
        self.predict_changed(name, after, changed)
        change = ObjectChange("%s updated (%s)" % (label, ", ".join(changed)), after,
                              field_differences(resource, name, before, given, changed))
        change.plan.add("PUT", resource.object_path(current["ObjectId"]), root=resource.root,
                        body=self.update_payload(resource, given, changed), why="changed: %s" % ", ".join(changed))
        return change

    # -- the dry run's predictions (check mode) ------------------------------------------
    def predict_created(self, name, body):
        """What the server makes with a new object, for the later tasks of a dry run: the
        object as sent, the children it comes with (``Resource.created_children``) and its
        reset status. Nothing outside check mode."""
        if not self.check_mode:
            return
        self.predict(self.resource.root, name, body)
        made = self.resource.created_children(body) if self.resource.created_children else {}
        for root, children in made.items():
            self.predict(root, name, children)
        if "reset_status" in self.resource.by_option:
            self.predict("reset", name, NEW_GROUP_RESET)

    def predict_changed(self, name, after, changed):
        """What the server derives from a change, in check mode: a field marked ``resets``
        leaves the object needing a reset, in the object the task returns and for the dry
        run's reset step."""
        if self.check_mode and "reset_status" in after and any(self.resource.by_option[k].resets for k in changed):
            after["reset_status"] = CHANGED_GROUP_RESET
            self.predict("reset", name, CHANGED_GROUP_RESET)

    # -- apply and result ----------------------------------------------------------------
    def apply_create(self, plan, name):
        """Apply a create; a create the server does not have is said so."""
        try:
            self.apply(plan)
        except CupiError as exc:
            if self.create_unsupported and exc.status in (404, 405, 501):
                raise ModuleFailure("%s: %s (%s)" % (object_label(self.resource.kind, name), self.create_unsupported,
                                                     exc), error=exc.to_dict())
            raise

    def object_result(self, change, before):
        after = dict(change.after)
        first = change.plan.steps[0] if change.plan.steps else None
        if first is not None and first.method == "POST":
            after["object_id"] = first.created
        elif first is not None and first.method == "PUT" and not self.check_mode and self.resource.derived():
            # What the server derives from the change (a reset status, a display name) is read.
            after = self.as_options(self.resource, self.client.get(first.path, self.resource.root))
        return self.result(bool(change.plan), change.msg, self.result_key, before, after, change.differences,
                           **change.extra)
