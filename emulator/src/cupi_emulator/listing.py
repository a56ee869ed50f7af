"""List semantics shared by every collection: query, sort and paging.

Works on object views (field name -> Python value). No HTTP here: responses.py hands in
the raw strings of the ``query``, ``sort``, ``rowsPerPage`` and ``pageNumber`` parameters.
"""

import re

from cupi_emulator.exceptions import InvalidParameter
from cupi_emulator.fields import parse_bool

_CLAUSE_RE = re.compile(r"^\(\s*([A-Za-z0-9_]+)\s+(is|startswith)\s+(.*?)\s*\)$", re.IGNORECASE)
_SORT_RE = re.compile(r"^\(\s*([A-Za-z0-9_]+)\s+(asc|desc)\s*\)$", re.IGNORECASE)


class MalformedQuery(Exception):
    """The query cannot be parsed: the list is empty (CUPI answers 200 with no rows)."""


def parse_query(text):
    """'(A is x)&(B startswith y)' -> [('A', 'is', 'x'), ('B', 'startswith', 'y')]."""
    if text is None or not text.strip():
        return []
    clauses = []
    # Split on '&' between clauses only: ')&(' (a value may itself hold '&').
    for part in re.split(r"\)\s*&\s*\(", text.strip()):
        if not part.startswith("("):
            part = "(" + part
        if not part.endswith(")"):
            part = part + ")"
        match = _CLAUSE_RE.match(part)
        if not match:
            raise MalformedQuery(text)
        clauses.append((match.group(1), match.group(2).lower(), match.group(3)))
    return clauses


def _lookup(view, column):
    for key, value in view.items():
        if key.lower() == column.lower():
            return key, value
    return None, None


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _matches(view, clause):
    column, op, wanted = clause
    key, value = _lookup(view, column)
    if key is None:
        raise MalformedQuery(column)
    if isinstance(value, bool):
        wanted_bool = parse_bool(wanted)
        if op == "is":
            return wanted_bool is not None and value == wanted_bool
        return _text(value).startswith(wanted.lower())
    if op == "is":
        return _text(value).lower() == wanted.lower()
    return _text(value).lower().startswith(wanted.lower())


def _sort_key(value):
    if isinstance(value, bool):
        return (0, int(value), "")
    if isinstance(value, int):
        return (0, value, "")
    return (1, 0, _text(value).lower())


def _page_int(name, raw):
    try:
        number = int(str(raw).strip())
    except ValueError:
        raise InvalidParameter(name, raw, "An integer is expected") from None
    if number < 0:
        raise InvalidParameter(name, raw, "A value of 0 or more is expected")
    return number


def apply(views, query=None, sort=None, rows_per_page=None, page_number=None, max_rows=0):
    """Filter, sort and page ``views``. Returns (total matching rows, rows of the page).

    ``max_rows`` (0 = none) caps the rows of one page, as a server with a page size limit
    does: a larger ``rowsPerPage`` counts as ``max_rows`` (also for the page offset), and a
    request without ``rowsPerPage`` gets the first ``max_rows`` rows. The total is always
    every matching row."""
    try:
        clauses = parse_query(query)
        rows = [v for v in views if all(_matches(v, c) for c in clauses)]
    except MalformedQuery:
        return 0, []
    if sort and sort.strip():
        match = _SORT_RE.match(sort.strip())
        if match:
            key, _ = _lookup(rows[0], match.group(1)) if rows else (None, None)
            if key is not None:
                rows.sort(key=lambda v: _sort_key(v.get(key)), reverse=match.group(2).lower() == "desc")
    total = len(rows)
    if rows_per_page is None or str(rows_per_page).strip() == "":
        return total, (rows[:max_rows] if max_rows else rows)
    per_page = _page_int("rowsPerPage", rows_per_page)
    if max_rows and per_page > max_rows:
        per_page = max_rows
    if per_page == 0:
        return total, []
    page = 1
    if page_number is not None and str(page_number).strip() != "":
        page = max(_page_int("pageNumber", page_number), 1)
    start = (page - 1) * per_page
    return total, rows[start:start + per_page]
