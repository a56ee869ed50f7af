# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fail when a relative Markdown link of the given files does not resolve (``make docs-lint``).

Checks ``[text](target)`` links that are not URLs: the file (or folder) must exist in the
repository and a ``#fragment`` must name a heading of the Markdown file it points to.
"""

from __future__ import annotations

import os
import re
import sys

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^(```|~~~)")


def anchors(path):
    """GitHub's anchors of a Markdown file's headings."""
    found = set()
    fenced = False
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            if FENCE.match(line):
                fenced = not fenced
            elif not fenced and line.startswith("#"):
                title = line.lstrip("#").strip().lower()
                title = re.sub(r"[^\w\- ]", "", title).replace(" ", "-")
                found.add(title)
    return found


def links(path):
    fenced = False
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if FENCE.match(line):
                fenced = not fenced
                continue
            if not fenced:
                for match in LINK.finditer(re.sub(r"`[^`]*`", "", line)):
                    yield number, match.group(1)


def main(paths):
    errors = 0
    for path in paths:
        for number, target in links(path):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue
            file_part, dummy, fragment = target.partition("#")
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
            if not os.path.exists(resolved):
                print("%s:%d: link to %s: no such file" % (path, number, target), file=sys.stderr)
                errors += 1
            elif fragment and resolved.endswith(".md") and fragment not in anchors(resolved):
                print("%s:%d: link to %s: no heading #%s in %s" % (path, number, target, fragment, resolved),
                      file=sys.stderr)
                errors += 1
    print("links: %d file(s) checked, %d broken" % (len(paths), errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
