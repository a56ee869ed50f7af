#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: port_group_reset
short_description: Reset Unity Connection port groups that need it
version_added: 0.1.0
description:
  - After a change to its servers, codecs, SIP security profile, SIP certificate, TLS mode
    or transport protocol, a port group needs a reset before the change takes effect (until
    then calls to it may fail). This module resets the port groups whose reset status is
    I(required) (C(PUT /vmrest/portgroups/<id>/reset)) and waits until they report
    I(not required).
  - Port groups that do not need a reset are left alone; the task reports a change only
    when a reset was sent.
  - A reset drops the calls on the port group's ports. Port groups named in O(report_only)
    are never reset; those of them that need a reset are returned in RV(pending) and named
    in a warning, so that the administrator picks the moment.
extends_documentation_fragment:
  - cupi.telephony.connection
  - cupi.telephony.connection.hostname
  - cupi.telephony.connection.attributes
options:
  port_groups:
    description:
      - The names of the port groups to reset (when they need it). Every name must exist.
      - One of O(port_groups) and O(phone_system) is required; both may be given.
    type: list
    elements: str
  phone_system:
    description: Reset every port group of this phone system that needs it.
    type: str
  report_only:
    description:
      - Port groups (among those selected) that are only checked, never reset. The ones that
        need a reset are returned in RV(pending) with a warning.
    type: list
    elements: str
    default: []
  wait:
    description:
      - Wait until every port group reset reports that no reset is required (or in progress).
      - It looks after 0.25 seconds, then 1.5 times longer each time, with one request per look
        for all the port groups.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait with O(wait=true) before failing with the names of the port groups
        still resetting.
      - Named apart from the connection's O(timeout), which bounds each request.
    type: int
    default: 120
notes:
  - In check mode the result lists the port groups that would be reset; nothing is sent. The
    reset status is what the earlier tasks of the same dry run predicted (a change to a
    setting that needs a reset, to its servers or codecs), else the server's. A port group of
    O(port_groups) that does not exist yet is taken as one an earlier task of the run
    creates, with a warning; it is listed in RV(reset) (or RV(pending)) when the dry run
    changes its servers or codecs (or, without the run cache, always). Outside check mode a
    missing name is an error.
seealso:
  - module: cupi.telephony.port_group
author:
  - cupi.telephony maintainers (@cupi-telephony)
"""

EXAMPLES = r"""
- name: Reset the SIP port group after switching it to TLS
  cupi.telephony.port_group_reset:
    hostname: cuc.example.com
    username: admin
    password: "{{ vault_cuc_password }}"
    port_groups: [CUCM-HQ-SIP]

- name: Reset whatever needs it on one phone system, without waiting
  cupi.telephony.port_group_reset:
    phone_system: CUCM-HQ
    wait: false
"""

RETURN = r"""
msg:
  description: What happened, in one line.
  returned: always
  type: str
  sample: "reset 1 port group: CUCM-HQ-SIP"
requests:
  description:
    - The requests the task sent, in order, or in check mode those it would send; on a failure, those
      sent up to the one that failed, that one last. Each has C(method), C(path), C(body) (the CUPI fields sent, when there is a body)
      and C(why). Secrets (passwords, the private key) show as V((secret)).
    - In check mode the id of an object that does not exist yet shows as V((new)).
  returned: always
  type: list
  elements: dict
  sample:
    - method: PUT
      path: /vmrest/portgroups/0f4c6e1e-1c1a-4f4e-9c47-3a0b8e1d2c55/reset
      why: "reset_status is required"
reset:
  description: The names of the port groups a reset was sent to (or would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: [CUCM-HQ-SIP]
pending:
  description: The port groups of O(report_only) that need a reset and were not reset.
  returned: always
  type: list
  elements: str
  sample: [CUCM-HQ-SCCP]
port_groups:
  description: The selected port groups with their reset status after the task.
  returned: always
  type: list
  elements: dict
  sample:
    - name: CUCM-HQ-SIP
      object_id: 74a008c0-bdc6-4e4b-a304-8a220a081990
      reset_status: not_required
"""

import time

from ansible_collections.cupi.telephony.plugins.module_utils.base import CupiRunner, ModuleFailure, plural, run_module
from ansible_collections.cupi.telephony.plugins.module_utils.plan import NEW, Plan
from ansible_collections.cupi.telephony.plugins.module_utils.resources import PHONE_SYSTEM, PORT_GROUP

# The first look at a reset's progress, and how much longer each next wait is.
POLL_FIRST_SECONDS = 0.25
POLL_FACTOR = 1.5


class Runner(CupiRunner):
    argument_spec = dict(
        port_groups=dict(type="list", elements="str"),
        phone_system=dict(type="str"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=120),
        report_only=dict(type="list", elements="str", default=[]),
    )
    required_one_of = [["port_groups", "phone_system"]]

    def check(self):
        if self.params["wait_timeout"] < 1:
            return ["wait_timeout must be at least 1 second, got %s" % self.params["wait_timeout"]]
        return []

    def run(self):
        groups, created = self.selected()
        leave = set(n.lower() for n in self.params["report_only"])
        required = [g for g in groups if self.expected(g) == "required"]
        to_reset = [g for g in required if PORT_GROUP.name_of(g).lower() not in leave]
        pending = [PORT_GROUP.name_of(g) for g in required if PORT_GROUP.name_of(g).lower() in leave]
        created = [name for name in created if self.prediction("reset", name) in (None, "required")]
        pending += [name for name in created if name.lower() in leave]
        planned = [name for name in created if name.lower() not in leave]
        plan = Plan()
        for group in to_reset:
            plan.add("PUT", "%s/reset" % PORT_GROUP.object_path(group["ObjectId"]), why="reset_status is required")
        for name in planned:
            plan.add("PUT", "%s/%s/reset" % (PORT_GROUP.path, NEW), why="port group %s: new in this run" % name)
        self.apply(plan)
        if not self.check_mode:
            # Those reset, and those already resetting; never those left pending.
            watched = [g for g in groups if g in to_reset or self.reset_status(g) == "in_progress"]
            fresh = self.wait_for(watched) if self.params["wait"] and watched else self.read(to_reset)
            by_id = dict((g["ObjectId"], g) for g in fresh)
            groups = [by_id.get(g["ObjectId"], g) for g in groups]
        names = [PORT_GROUP.name_of(g) for g in to_reset] + planned
        if pending:
            self.warnings.append(
                "%s left needing a reset: %s; until then calls to them may fail. Reset them with "
                "cupi.telephony.port_group_reset when convenient" % (
                    plural(len(pending), "port group"), ", ".join(pending)))
        msg = ("reset %d port group%s: %s" % (len(names), "" if len(names) == 1 else "s", ", ".join(names))
               if names else "no port group needs a reset")
        if pending:
            msg += "; waiting for a reset: %s" % ", ".join(pending)
        return dict(changed=bool(names), msg=msg, reset=names, pending=pending,
                    port_groups=[self.status(g) for g in groups])

    def selected(self):
        """The selected port groups (raw), and in check mode the names of those that do not
        exist yet (taken as created earlier in the run)."""
        groups, missing = [], []
        # The reset status as the server has it: a row a write of this run changed is read again.
        self.list_objects(PORT_GROUP)
        for name in self.params["port_groups"] or []:
            found = self.find(PORT_GROUP, name)
            (groups if found else missing).append(found or name)
        if missing and self.check_mode:
            self.warnings.append(
                "port_groups: not on the server yet: %s; in check mode taken as created earlier in the run, "
                "needing a reset when the dry run changes their servers or codecs" % ", ".join(missing))
        elif missing:
            raise ModuleFailure("port_groups: not found on %s: %s" % (self.params["hostname"], ", ".join(missing)))
        if self.params["phone_system"]:
            switch_id = self.object_id(PHONE_SYSTEM, self.params["phone_system"])
            rows = self.list_objects(PORT_GROUP)
            known = set(g["ObjectId"] for g in groups)
            phone_system = PORT_GROUP.by_option["phone_system"].cupi
            groups += [r for r in rows if r.get(phone_system) == switch_id and r["ObjectId"] not in known]
        return groups, missing if self.check_mode else []

    def wait_for(self, groups):
        """Look again after 0.25 s, then 1.5 times longer each time, until every group
        reads 0 (one request per look) or the timeout."""
        deadline = time.monotonic() + self.params["wait_timeout"]
        pause = POLL_FIRST_SECONDS
        while True:
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause *= POLL_FACTOR
            groups = self.read(groups)
            busy = [g for g in groups if self.reset_status(g) != "not_required"]
            if not busy:
                return groups
            if time.monotonic() >= deadline:
                raise ModuleFailure("port groups still not reset after %s seconds: %s" % (
                    self.params["wait_timeout"], ", ".join(
                        "%s (%s)" % (PORT_GROUP.name_of(g), self.status(g)["reset_status"]) for g in busy)),
                    port_groups=[self.status(g) for g in groups])

    def read(self, groups):
        """The groups as the server has them now: one GET for one group, one list read for more."""
        if not groups:
            return []
        if len(groups) == 1:
            return [self.client.get(PORT_GROUP.object_path(groups[0]["ObjectId"]), PORT_GROUP.root)]
        by_id = dict((r["ObjectId"], r) for r in self.list_objects(PORT_GROUP, fresh=True))
        return [by_id.get(g["ObjectId"], g) for g in groups]

    def expected(self, group):
        """The reset status the server has; in a dry run, what an earlier task of it predicted
        (a change that needs a reset), else the server's."""
        return self.prediction("reset", PORT_GROUP.name_of(group)) or self.reset_status(group)

    @staticmethod
    def reset_status(group):
        return PORT_GROUP.value(group, "reset_status")

    @staticmethod
    def status(group):
        shown = PORT_GROUP.from_api(group)
        return dict(name=shown.get("name"), object_id=shown["object_id"], reset_status=shown.get("reset_status"))


def main():
    run_module(Runner)


if __name__ == "__main__":
    main()
