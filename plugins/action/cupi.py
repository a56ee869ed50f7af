# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one action plugin behind every module of the collection: meta/runtime.yml routes each
module's action here, and the task's own module name says which Runner to run."""

from __future__ import annotations

from ansible_collections.cupi.telephony.plugins.plugin_utils.action import CupiActionBase


class ActionModule(CupiActionBase):
    """Runs the module the task names (``cupi.telephony.phone_system``: phone_system)."""
