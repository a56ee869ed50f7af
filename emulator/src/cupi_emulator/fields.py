"""Typed fields of CUPI objects: defaults, coercion of wire values and range checks.

Values are stored as Python values (str, int, bool); serialize.py turns them into strings.
Nothing here knows about HTTP.
"""

import re

from cupi_emulator.exceptions import InvalidParameter

_INT_RE = re.compile(r"^[+-]?\d+$")
TRUE_WORDS = ("true", "1")
FALSE_WORDS = ("false", "0")


def parse_bool(value):
    """true/false/1/0 (any case) or a Python bool -> bool; anything else -> None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    return None


class Field:
    """One field of a resource.

    readonly: ignored silently when a client sends it (ObjectId, URI, PortCount, ...).
    writeonly: stored but always rendered empty (passwords), or as ``mask(value)`` when a
        ``mask`` is given (e.g. a stand-in for an encrypted value); ``None`` stays omitted.
    computed: not stored; the resource spec's ``computed()`` provides the value.
    createonly: accepted on create; afterwards fixed: a PUT with the same value is ignored,
        a PUT with another value is refused (INVALID_PARAMETER naming the field).
    A stored ``None`` is left out of the rendering (CUPI omits NULL columns).
    """

    kind = "str"

    def __init__(self, name, default="", *, required=False, readonly=False, writeonly=False,
                 computed=False, createonly=False, mask=None):
        self.name = name
        self.default = default
        self.required = required
        self.readonly = readonly or computed
        self.writeonly = writeonly
        self.computed = computed
        self.createonly = createonly
        self.mask = mask

    def same(self, stored, new):
        """Whether a new value equals the stored one (for create-only fields)."""
        return stored == new

    def coerce(self, value):
        """Wire value (str from XML, str/int/bool from JSON, None for empty) -> stored value."""
        if value is None:
            value = ""
        if isinstance(value, (dict, list)):
            raise InvalidParameter(self.name, value, "A single value is expected")
        return self.check(value)

    def check(self, value):  # pragma: no cover - overridden
        return value


class Str(Field):
    def __init__(self, name, default="", *, min_len=0, max_len=None, pattern=None, pattern_msg="",
                 **kw):
        super().__init__(name, default, **kw)
        self.min_len = min_len
        self.max_len = max_len
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_msg = pattern_msg

    def check(self, value):
        if isinstance(value, bool):
            value = "true" if value else "false"
        value = str(value)
        if len(value) < self.min_len:
            if self.min_len == 1:
                raise InvalidParameter(self.name, value, "A value is required")
            raise InvalidParameter(self.name, value, f"At least {self.min_len} characters are required")
        if self.max_len is not None and len(value) > self.max_len:
            raise InvalidParameter(self.name, value, f"At most {self.max_len} characters are allowed")
        if self.pattern and value and not self.pattern.match(value):
            raise InvalidParameter(self.name, value, self.pattern_msg or "Invalid format")
        return value


class Ref(Str):
    """An object id (reference to another object): stored lower case, compared case-insensitively."""

    def __init__(self, name, default="", **kw):
        kw.setdefault("max_len", 36)
        super().__init__(name, default, **kw)

    def check(self, value):
        value = super().check(value).strip().lower()
        if value == "" and self.default is None:
            return None     # an optional reference: empty clears it
        return value

    def same(self, stored, new):
        return str(stored or "").lower() == str(new or "").lower()


class Int(Field):
    kind = "int"

    def __init__(self, name, default=0, *, min=None, max=None, **kw):  # noqa: A002
        super().__init__(name, default, **kw)
        self.min = min
        self.max = max

    def check(self, value):
        if isinstance(value, bool):
            raise InvalidParameter(self.name, value, "An integer is expected")
        if isinstance(value, int):
            number = value
        elif isinstance(value, str) and _INT_RE.match(value.strip()):
            number = int(value.strip())
        else:
            raise InvalidParameter(self.name, value, "An integer is expected")
        if (self.min is not None and number < self.min) or (self.max is not None and number > self.max):
            raise InvalidParameter(self.name, value, f"The value must be between {self.min} and {self.max}")
        return number


class Bool(Field):
    kind = "bool"

    def __init__(self, name, default=False, **kw):
        super().__init__(name, default, **kw)

    def check(self, value):
        parsed = parse_bool(value)
        if parsed is None:
            raise InvalidParameter(self.name, value, "A boolean (true/false or 1/0) is expected")
        return parsed


class Choice(Field):
    """A value out of a fixed set of strings (compared case-insensitively, stored canonical)."""

    def __init__(self, name, default, choices, **kw):
        super().__init__(name, default, **kw)
        self.choices = tuple(choices)

    def check(self, value):
        text = str(value).strip()
        for choice in self.choices:
            if choice.lower() == text.lower():
                return choice
        raise InvalidParameter(self.name, value, f"Allowed values: {' '.join(self.choices)}")


class IntChoice(Field):
    """An integer enum (e.g. TelephonyIntegrationMethodEnum 1|2|3)."""

    kind = "int"

    def __init__(self, name, default, choices, **kw):
        super().__init__(name, default, **kw)
        self.choices = tuple(choices)

    def check(self, value):
        number = Int(self.name).check(value)
        if number not in self.choices:
            raise InvalidParameter(self.name, value,
                                   f"Allowed values: {', '.join(str(c) for c in self.choices)}")
        return number
