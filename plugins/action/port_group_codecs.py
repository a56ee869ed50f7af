# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs cupi.telephony.port_group_codecs in the controller process (plugins/plugin_utils/action.py)."""

from __future__ import annotations

from ansible_collections.cupi.telephony.plugins.plugin_utils.action import CupiActionBase as ActionModule

__all__ = ["ActionModule"]
