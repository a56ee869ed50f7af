# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Modules of a list of children under one parent (AXL servers, port group servers,
codecs): compare the list, plan the adds, updates and removals, apply, build the result.

The plain steps are functions (``item_key``, ``order``, ``predict``, ``child_differences``)
tested on their own; ``ChildListRunner`` strings them together.
"""

from __future__ import annotations

from collections import namedtuple

from ansible_collections.cupi.telephony.plugins.module_utils.base import (
    CupiRunner,
    difference,
    field_differences,
)
from ansible_collections.cupi.telephony.plugins.module_utils.plan import NEW, Plan
from ansible_collections.cupi.telephony.plugins.module_utils.primary import Step, primary_safe_order
from ansible_collections.cupi.telephony.plugins.module_utils.resources import CHANGED_GROUP_RESET
from ansible_collections.cupi.telephony.plugins.module_utils.spec import object_label, primary_only


def item_key(item, key_options):
    """How an item is matched with a server child: its key options, case-insensitive."""
    return tuple(str(item.get(k, "") or "").lower() for k in key_options)


def item_name(item, key_options):
    return " ".join(str(item.get(k, "")) for k in key_options)


def duplicate_keys(items, key_options, option):
    """An error for each item whose key an earlier item has."""
    seen, errors = set(), []
    for index, item in enumerate(items):
        key = item_key(item, key_options)
        if key in seen:
            errors.append("%s[%d]: %s is listed twice" % (
                option, index, "/".join(str(item.get(k, "")) for k in key_options)))
        seen.add(key)
    return errors


def order(wanted, wanted_keys, by_key, option, scope):
    """Give list order where the items leave ``option`` (precedence, preference) unset:
    values rise along the list, within each ``scope``. An existing child keeps its value
    while it already rises; others get the one after the last."""
    last = {}
    for given, key in zip(wanted, wanted_keys):
        group = item_key(given, scope)
        previous = last.get(group)
        if given.get(option) is None:
            have = by_key.get(key, {}).get(option)
            if isinstance(have, int) and (previous is None or have > previous):
                given[option] = have
            else:
                given[option] = 1 if previous is None else previous + 1
        last[group] = given[option]


# A child to add: the item as given, the body of its POST.
Add = namedtuple("Add", "given body")
# A child to change: as on the server (``have``), as given, the options that differ (none: it
# only moves in the list, deleted and added again) and the body that changes it.
Update = namedtuple("Update", "have given fields body")


class ListChanges:
    """The children to add (``Add``), to update (``Update``) and to remove (the children as on
    the server), against ``current`` and the wanted keys in order."""

    def __init__(self, current, wanted_keys):
        self.current = current
        self.wanted_keys = wanted_keys
        self.creates, self.updates, self.deletes = [], [], []
        self.duplicates = []  # of the deletes, those that repeat an earlier child's key

    def __bool__(self):
        return bool(self.creates or self.updates or self.deletes)


def predict(resource, changes, key_of, recreated=False, ids=None, unknown=()):
    """The children as the server lists them after ``changes``: updated ones in place, new
    ones at the end in the order they are added. With ``recreated`` (children deleted and
    added again), changed ones leave their place and join the new ones in wanted order,
    without the ``unknown`` fields (the server gives an added child its own, such as a codec's
    Preference). A new child shows what was sent and the id the server gave (``ids`` by key;
    None in check mode)."""
    removed = set(id(c) for c in changes.deletes)
    patched = dict((id(u.have), (u.given, u.fields)) for u in changes.updates)
    after, added = [], [add.given for add in changes.creates]
    for child in changes.current:
        if id(child) in removed:
            continue
        if id(child) in patched:
            given, fields = patched[id(child)]
            if recreated:
                added.append(dict(dict((k, v) for k, v in child.items() if k not in unknown), **given))
                continue
            child = dict(child)
            child.update((f, given[f]) for f in fields if not resource.by_option[f].secret)
        after.append(child)
    if recreated:
        place = changes.wanted_keys
        added.sort(key=lambda item: place.index(key_of(item)) if key_of(item) in place else len(place))
    for given in added:
        shown = dict((k, v) for k, v in given.items() if not getattr(resource.by_option.get(k), "secret", False))
        shown["object_id"] = (ids or {}).get(key_of(given))
        after.append(shown)
    return after


def child_differences(resource, key_options, parent, changes):
    """``differences`` of a list of children: each child added or removed, each changed
    field, and each child moved to another place in the list (``order``)."""
    def name(item):
        return item_name(item, key_options)
    result = [difference(resource.kind, name(add.given), "create", parent) for add in changes.creates]
    for update in changes.updates:
        have = update.have
        if update.fields:
            result += field_differences(resource, name(have), have, update.given, update.fields, parent)
        else:  # moved: deleted and added again in list order
            result.append(difference(resource.kind, name(have), "update", parent, "order",
                                     changes.current.index(have) + 1,
                                     changes.wanted_keys.index(item_key(have, key_options)) + 1))
    return result + [difference(resource.kind, name(have), "delete", parent) for have in changes.deletes]


def children_argspec(resource, items_option, **extra):
    """The argument spec of a list module of ``resource``: the parent's name (its
    ``parent_option``), ``state``, the items (their key options required) and ``extra``."""
    spec = {resource.parent_option: dict(type="str", required=True),
            "state": dict(type="str", choices=["merged", "replaced", "deleted"], default="merged")}
    spec.update(extra)
    spec[items_option] = dict(type="list", elements="dict", default=[], options=resource.argspec(required=resource.key))
    return spec


class ChildListRunner(CupiRunner):
    """A list module (merged / replaced / deleted) over the children of one parent.

    What the children are is declared once, on their ``resource`` (``Resource.parent``,
    ``key``, ``order``, ``order_scope``, ``order_sent``, ``recreate``, ``primary_flag``); a
    subclass takes them from there. The module itself names its list option
    (``items_option``), ``result_key``, ``label`` (the start of ``msg``, with the parent's
    name) and, for ``recreate``, ``spare()``.
    """

    resource = None
    items_option = None
    result_key = None
    label = "%s"  # the msg prefix, with the parent's name
    one_writer = True  # children have no unique name on the server: one writer per server
    # Taken from ``resource`` (see __init_subclass__); never set on a module.
    parent_resource = parent_option = parent_key = order_option = primary_flag = None
    key_options = order_scope = ()
    recreate, order_sent = False, True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        resource = cls.resource
        if resource is not None:
            cls.parent_resource, cls.parent_option, cls.parent_key = (
                resource.parent, resource.parent_option, resource.parent_key)
            cls.key_options, cls.order_option, cls.order_scope = resource.key, resource.order, resource.order_scope
            cls.order_sent, cls.recreate, cls.primary_flag = resource.order_sent, resource.recreate, resource.primary_flag

    def spare(self, child):  # pragma: no cover - only for recreate
        """The options of a temporary child standing in for ``child`` (None: there is none)."""
        return None

    def check(self):
        items = self.params[self.items_option]
        errors = duplicate_keys(items, self.key_options, self.items_option)
        for index, item in enumerate(items):
            errors += self.resource.check(item, "%s[%d]." % (self.items_option, index))
        if self.primary_flag:
            errors += primary_only(items, self.primary_flag, self.order_option, self.items_option)
        return errors

    def check_parent(self, parent):
        """Refuse a parent (its raw object) whose children this module may not change."""

    def key(self, item):
        return item_key(item, self.key_options)

    def run(self):
        """merged: the listed items exist as given; replaced: exactly the listed items;
        deleted: the listed items are gone (all of them when none are listed). With
        ``update_password: always``, secrets given for an existing item are sent, and
        counted as a change."""
        name = self.params[self.parent_option]
        parent_id = self.object_id(self.parent_resource, name, option=self.parent_option)
        # In check mode a parent that does not exist yet is one an earlier task would create.
        self.parents = {self.parent_key: parent_id or NEW}
        if parent_id is not None:
            # The list is read already; what was sent is enough (the integration).
            self.check_parent(self.find(self.parent_resource, name, complete=False))
        changes = self.changes(self.current_children(name))
        plan = self.apply(self.plan(changes))
        if changes and self.resource.resets_parent:
            self.predict("reset", name, CHANGED_GROUP_RESET)  # a dry run's reset step shows it
        unsent = (self.order_option,) if self.order_option and not self.order_sent else ()
        after = predict(self.resource, changes, self.key, self.recreate, plan.created(), unsent)
        return self.children_result(name, changes, after)

    # -- compare -----------------------------------------------------------------------
    def current_children(self, name):
        if NEW in self.parents.values():
            # Check mode, the parent would be created earlier in the run: the children the
            # server would give it, as that task predicted them (none when nobody did).
            return [dict(c, object_id=None) for c in self.prediction(self.resource.root, name) or []]
        rows = self.client.list(self.resource.collection_path(**self.parents), self.resource.root)
        return [self.as_options(self.resource, r) for r in rows]

    def wanted(self, current):
        """The items as options to send, their keys, and the order option (None when it is
        not sent, ``order_sent`` False: a codec's Preference is on no page of the reference,
        the items are put in its order, then the list order is the order; or when the server
        does not show it)."""
        option = self.order_option
        wanted = [dict((k, v) for k, v in item.items() if v is not None) for item in self.params[self.items_option]]
        if option and not self.order_sent:
            wanted.sort(key=lambda w: (w.get(option) is None, w.get(option) or 0))
        if option and (not self.order_sent or (current and not any(option in c for c in current))):
            wanted, option = [dict((k, v) for k, v in w.items() if k != option) for w in wanted], None
        keys = [self.key(w) for w in wanted]
        if option and self.params["state"] == "replaced":
            order(wanted, keys, self.first_by_key(current), option, self.order_scope)
        return wanted, keys, option

    def changes(self, current):
        """What to add, update and remove. Every body is built, and every name resolved,
        before the first write."""
        wanted, keys, option = self.wanted(current)
        changes, state = ListChanges(current, keys), self.params["state"]
        by_key = self.first_by_key(current)
        repeated = [c for c in current if by_key[self.key(c)] is not c]
        if state == "deleted":
            targets = set(keys) if wanted else set(by_key)
            changes.deletes = [c for c in current if self.key(c) in targets]
            return changes
        for index, (given, key) in enumerate(zip(wanted, keys)):
            self.compare(changes, by_key.get(key), given, "%s[%d]." % (self.items_option, index))
        # Children that share a key with an earlier one (two writers, someone in the
        # administration pages) collapse into the first: the others go, each named.
        changes.duplicates = [c for c in repeated if state == "replaced" or self.key(c) in keys]
        changes.deletes = list(changes.duplicates)
        if state == "replaced":
            changes.deletes += [c for c in current if self.key(c) not in keys]
            if self.recreate and self.order_option and option is None:
                changes.updates += self.moves(changes, wanted, by_key)
        return changes

    def first_by_key(self, current):
        """Each key's first child on the server (a later one with the same key is a duplicate)."""
        first = {}
        for child in current:
            first.setdefault(self.key(child), child)
        return first

    def compare(self, changes, have, given, label):
        """One wanted item against its child on the server (None: not there)."""
        if have is None:
            changes.creates.append(Add(given, self.payload(self.resource, given, True, label, self.parents)))
            return
        fields = self.resource.changed_options(have, given) + self.always_changed(self.resource, given)
        if fields and self.recreate:
            changes.updates.append(Update(have, given, fields, self.payload(
                self.resource, self.again(have, given), True, label, self.parents)))
        elif fields:
            changes.updates.append(Update(have, given, fields, self.update_payload(
                self.resource, given, fields, self.parents, label)))

    def again(self, have, given):
        """The options of a child added again: the server's, with the task's; the order
        option only where it is sent."""
        options = dict(have, **given)
        if not self.order_sent:
            options.pop(self.order_option, None)
        return options

    def moves(self, changes, wanted, by_key):
        """Children to add again so that the server's list order becomes the wanted order.

        The children kept in place are the longest start of the wanted list that is already
        the start of the server's list; every existing child after it is deleted and added
        again (new ones are added in between, in list order)."""
        keys = changes.wanted_keys
        on_server = [k for k in (self.key(c) for c in changes.current) if k in set(keys)]
        kept = 0
        while kept < len(keys) and kept < len(on_server) and keys[kept] == on_server[kept]:
            kept += 1
        queued = set(id(u.have) for u in changes.updates)
        moves = []
        for index in range(kept, len(keys)):
            have = by_key.get(keys[index])
            if have is not None and id(have) not in queued:
                body = self.payload(self.resource, self.again(have, wanted[index]), True,
                                    "%s[%d]." % (self.items_option, index), self.parents)
                moves.append(Update(have, wanted[index], [], body))
        return moves

    # -- plan --------------------------------------------------------------------------
    def plan(self, changes):
        """Add and update first, remove last: the parent never lacks a child it needs."""
        plan = Plan()
        if self.recreate:
            self.plan_recreate(plan, changes)
            for have in changes.deletes:
                plan.add("DELETE", self.child_path(have), why=self.why_delete(changes, have))
            return plan
        for step in self.sequence(changes):
            if step.kind == "create":
                self.plan_add(plan, step.given, step.body, "not on the server")
            elif step.kind == "update":
                plan.add("PUT", self.child_path(step.have), body=step.body, root=self.resource.root,
                         why="changed: %s" % ", ".join(step.fields))
            else:
                plan.add("DELETE", self.child_path(step.have), why=self.why_delete(changes, step.have))
        return plan

    def why_delete(self, changes, have):
        if any(have is d for d in changes.duplicates):
            return "a duplicate: an earlier %s has the same %s" % (self.resource.kind, "/".join(self.key_options))
        return "not in %s" % self.items_option

    def sequence(self, changes):
        """The adds, updates and removals in the order to send them. With ``primary_flag``
        (an AXL server's pin_sync, on the primary only), in an order that never leaves the
        flag on a child that is not the primary (see ``primary_safe_order``); the adds in
        ``changes`` follow that order, as the server will list them."""
        steps = [Step("create", None, add.given, None, add.body) for add in changes.creates]
        steps += [Step("update", *update) for update in changes.updates]
        steps += [Step("delete", have, None, None, None) for have in changes.deletes]
        if self.primary_flag:
            steps = primary_safe_order(steps, changes.current, self.primary_flag, self.order_option)
            changes.creates = [Add(s.given, s.body) for s in steps if s.kind == "create"]
        return steps

    def plan_add(self, plan, given, body, why, stand_in=False):
        """A POST; after a lost answer, the child with the same key may already be there."""
        key, collection = self.key(given), self.resource.collection_path(**self.parents)

        def find():
            for row in self.client.list(collection, self.resource.root):
                if self.key(self.as_options(self.resource, row)) == key:
                    return row.get("ObjectId")
            return None
        return plan.add("POST", collection, body=body, root=self.resource.root, why=why, find=find,
                        key=None if stand_in else key)

    def plan_recreate(self, plan, changes):
        """Children that have no update on the server: new ones are added, changed ones
        deleted and added again, in list order (the server lists children in the order they
        were added), never leaving the parent with none (a spare child bridges the last one)."""
        keys, live = changes.wanted_keys, len(changes.current)
        steps = [Update(None, add.given, None, add.body) for add in changes.creates] + list(changes.updates)
        steps.sort(key=lambda s: keys.index(self.key(s.given)) if self.key(s.given) in keys else len(keys))
        for step in steps:
            if step.have is None:
                self.plan_add(plan, step.given, step.body, "not on the server")
                live += 1
                continue
            stand_in = self.spare(step.have) if live <= 1 else None
            bridge = stand_in and self.plan_add(plan, stand_in, self.payload(
                self.resource, stand_in, True, parents=self.parents), "stands in meanwhile", stand_in=True)
            plan.add("DELETE", self.child_path(step.have), why="no update on the server: deleted and added again")
            self.plan_add(plan, step.given, step.body, "added again, changed or in its place")
            if bridge:
                plan.add("DELETE", self.resource.collection_path(**self.parents), under=bridge,
                         why="stood in meanwhile")

    def child_path(self, have):
        return self.resource.object_path(have["object_id"] or NEW, **self.parents)

    # -- result ------------------------------------------------------------------------
    def children_result(self, name, changes, after):
        label = self.label % name
        msg = "%s: %d added, %d updated, %d removed" % (
            label, len(changes.creates), len(changes.updates), len(changes.deletes))
        differences = child_differences(self.resource, self.key_options,
                                        object_label(self.parent_resource.kind, name), changes)
        duplicates = [item_name(d, self.key_options) for d in changes.duplicates]
        if duplicates:
            msg += " (duplicates removed: %s)" % ", ".join(duplicates)
        return self.result(bool(changes), msg if changes else "%s: as requested" % label, self.result_key,
                           changes.current, after, differences, before=changes.current, after=after,
                           duplicates=changes.duplicates)
