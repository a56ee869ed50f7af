# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""docs/resets.md names exactly the port group settings that are marked as needing a reset."""

from __future__ import annotations

import os
import re

from ansible_collections.cupi.telephony.plugins.module_utils.resources import PORT_GROUP

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "docs", "resets.md")


def test_the_table_names_the_settings_that_need_a_reset():
    with open(DOC) as handle:
        documented = set(re.findall(r"^\| [^|]+ \| `port_group` `(\w+)` \|", handle.read(), re.M))
    assert documented == set(f.option for f in PORT_GROUP.fields if f.resets)
    assert len(documented) == 4
