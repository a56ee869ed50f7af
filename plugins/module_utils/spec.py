# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resource specs: which module option is which CUPI field, of what type, within
which range, and how values travel between the two.

A Field knows one option; a Resource knows one CUPI object type and its fields.
Modules build their argument spec from here, and the base class uses the same
objects to convert, compare and validate, so an option is declared exactly once.
"""

from __future__ import annotations

import re

TRUE_STRINGS = ("true", "1", "yes", "on")


class Field:
    """One module option and the CUPI field behind it.

    type: ``str``, ``int``, ``bool`` or ``enum`` (``choices`` maps readable names to
    the server's numbers). ``minimum``/``maximum`` bound ints, ``max_length``
    strings, ``allowed`` lists the allowed values where the server takes only a few.
    ``readonly`` fields are returned but never sent, ``secret`` fields are sent but
    never returned, compared or shown. Whether an option is required is up to the
    module (``Resource.argspec(required=...)``).
    """

    def __init__(self, option, cupi, type="str", choices=None, minimum=None, maximum=None,
                 max_length=None, allowed=None, readonly=False, secret=False, aliases=None,
                 create_only=False, reference=None, read_choices=None, resets=False, integrations=None):
        self.option = option
        self.cupi = cupi
        self.type = type
        self.choices = choices or {}
        self.minimum = minimum
        self.maximum = maximum
        self.max_length = max_length
        self.allowed = allowed
        self.readonly = readonly
        self.secret = secret
        self.aliases = aliases or []
        # Sent only when the object is created; a different value later is an error.
        self.create_only = create_only
        # The option names another object (Reference); the field holds its object id.
        self.reference = reference
        # A change leaves the object needing a reset (a port group's transport, TLS, ...).
        self.resets = resets
        # The port group integrations (sccp, sip, pimg) the field applies to; all when None.
        # An export leaves the field out of a group of another integration.
        self.integrations = tuple(integrations) if integrations else None
        # Values the server may return that the option does not take (read only).
        self._by_code = dict((str(v), k) for k, v in dict(read_choices or {}, **self.choices).items())

    def applies_to(self, integration):
        """Whether the field means anything for a port group of ``integration``."""
        return self.integrations is None or integration in self.integrations

    # -- argument spec -----------------------------------------------------
    def argspec(self):
        if self.type == "enum":
            spec = {"type": "str", "choices": list(self.choices)}
        elif self.allowed:
            spec = {"type": self.type, "choices": list(self.allowed)}
        else:
            spec = {"type": self.type}
        if self.secret:
            spec["no_log"] = True
        if self.aliases:
            spec["aliases"] = list(self.aliases)
        return spec

    # -- conversion --------------------------------------------------------
    def to_api(self, value):
        """A validated Python value as CUPI wants it on the wire."""
        if self.type == "bool":
            return "true" if value else "false"
        if self.type == "enum":
            return str(self.choices[value])
        return str(value)

    def from_api(self, raw):
        """A CUPI string as the Python value the module option takes."""
        if raw is None:
            return None
        raw = str(raw).strip()
        if self.reference is not None:
            return raw  # an object id; the base turns it into the referenced name
        if self.type == "bool":
            return raw.lower() in TRUE_STRINGS
        if self.type == "int":
            if raw == "":
                return None
            try:
                return int(raw)
            except ValueError:
                return raw
        if self.type == "enum":
            return self._by_code.get(raw, raw)
        return raw

    # -- validation --------------------------------------------------------
    def check(self, value, label=None):
        """An error message when value is outside the documented range, else None."""
        label = label or self.option
        if value is None:
            return None
        if self.type == "int":
            low, high = self.minimum, self.maximum
            if (low is not None and value < low) or (high is not None and value > high):
                return "%s must be between %s and %s, got %s" % (label, low, high, value)
        if self.type == "str" and self.max_length is not None and len(value) > self.max_length:
            return "%s must be at most %d characters long, got %d" % (label, self.max_length, len(value))
        return None


class Reference:
    """An option that names another object: ``resource`` found by its ``by`` field."""

    def __init__(self, resource, by=None, fixed=False, display=None):
        self.resource = resource
        self.by = by or resource.name_field
        # A field of the referring object that already holds the name (no lookup needed).
        self.display = display
        # The server's own list (codecs, VMS servers): no task of a run creates one, so a
        # name that is not there is an error in check mode too.
        self.fixed = fixed


PATH_PARAMETER = re.compile(r"{(\w+)}")


class Resource:
    """One CUPI object type, declared once: everything the modules, the run cache, the dry
    run and telephony_info know of it.

    Where it lives and how it reads: ``kind`` ('phone system', for messages), ``path``
    ('/vmrest/phonesystems', or a template with the parent's id, '{port_group_id}'), ``root``
    (its XML element / JSON name), ``fields``, ``name_field`` (the CUPI field a lookup by
    name compares), ``id_field``.

    What Cisco's examples send beside the options (docs/wire.md): the parent's id in the body
    of a child (``parent_field``, on create and with ``parent_on_update`` on update too), fixed
    values of a create (``create_constants``), options sent in every update although unchanged
    (``update_always``, the key the example names), options a create sends with the
    reference's default when the user leaves them out (``create_defaults``).

    What the server derives from a write, for the run cache (which forgets, never predicts):
    ``stale_on_write``, (Resource, link, methods) whose rows may change on a write with one of
    ``methods`` (link ``parent``: the written object's parent; None: every row);
    ``deletes_with``, (Resource, field) pairs the server deletes with an object (the rows whose
    field names it; lists under its path go anyway); ``adds_many``, one POST adds several
    objects (ports) and the answer names none of them; ``resets_parent``, a change to one of
    these children leaves its parent needing a reset (the dry run's model; a real run reads
    the status); ``created_children`` (set after), the dry run's model of the children the
    server makes with a new object: a function of the create's body giving {child root:
    [children as options]}.

    A child type managed as a list under one parent (children.ChildListRunner): ``parent``,
    the Resource whose id is the last parameter of ``path``; ``key``, the options an item is
    matched on (default: the option of ``name_field``); ``order``, the option that orders the
    list (precedence, preference), rising within each ``order_scope``; ``order_sent`` False:
    the order option is never sent nor compared (the list order is the order); ``recreate``:
    the server has no update, a change is a delete and an add; ``primary_flag``, an option
    only the primary child (lowest order) may have true.

    ``subset``: the telephony_info subset that gathers the type (None: it does not).
    """

    def __init__(self, kind, path, root, fields, name_field="DisplayName", id_field="ObjectId",
                 parent_field=None, parent_on_update=False, create_constants=None, update_always=(),
                 create_defaults=None, stale_on_write=(), deletes_with=(), adds_many=False, resets_parent=False,
                 parent=None, key=None, order=None, order_scope=(), order_sent=True, recreate=False,
                 primary_flag=None, subset=None):
        self.kind, self.path, self.root = kind, path, root
        self.fields = list(fields)
        self.by_option = dict((f.option, f) for f in self.fields)
        self.by_cupi = dict((f.cupi, f) for f in self.fields)
        self.name_field, self.id_field = name_field, id_field
        self.parent_field, self.parent_on_update = parent_field, parent_on_update
        self.create_constants = dict(create_constants or {})
        self.update_always = tuple(update_always)
        self.create_defaults = dict(create_defaults or {})
        self.stale_on_write, self.deletes_with = tuple(stale_on_write), tuple(deletes_with)
        self.adds_many, self.resets_parent = adds_many, resets_parent
        self.created_children = None
        self.parent = parent
        self.key = tuple(key) if key else tuple(f.option for f in self.fields if f.cupi == name_field)[:1]
        self.order, self.order_scope, self.order_sent = order, tuple(order_scope), order_sent
        self.recreate, self.primary_flag = recreate, primary_flag
        self.subset = subset

    @property
    def parent_key(self):
        """The path parameter that holds the parent's id (``port_group_id``), or None."""
        names = PATH_PARAMETER.findall(self.path)
        return names[-1] if names else None

    @property
    def parent_option(self):
        """How a module names the parent: its kind as an option (``port_group``)."""
        return self.parent.kind.lower().replace(" ", "_") if self.parent else None

    def path_pattern(self):
        """A regular expression for this type's collection, object and action paths."""
        if not hasattr(self, "_pattern"):
            body = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(self.path))
            self._pattern = re.compile("^%s(?:/(?P<object_id>[^/]+)(?:/(?P<action>[^/]+))?)?$" % body)
        return self._pattern

    def collection_root(self):
        """The path of the top-level collection (a type with no parent in its path)."""
        return self.path.split("/{", 1)[0]

    def cascades(self):
        """What the server deletes with an object of this type, for ``RunCache``."""
        return tuple((child.collection_root(), field, child.cascades()) for child, field in self.deletes_with)

    def write_effects(self, method, collection, object_id=None, body=None, created=None, parent_id=None):
        """What a write does to the run's lists (see RunCache.apply): a create adds the new
        object's row (what was sent, the id the server gave) or, when that cannot say what was
        made, forgets the collection's lists; a delete removes the row and what goes with it;
        any other write (an update, an action such as a reset) marks the row stale. Then the
        rows ``stale_on_write`` names are marked stale."""
        if method == "POST" and created and not self.adds_many:
            fields = dict((k, str(v)) for k, v in (body or {}).items() if not isinstance(v, (dict, list)))
            effects = [("add", collection, dict(fields, ObjectId=created))]
        elif method == "POST":
            effects = [("forget", collection)]
        elif method == "DELETE":
            effects = [("remove", collection, object_id, self.cascades())]
        else:
            effects = [("stale", collection, object_id)]
        # A parent that is not known (None) has every row of its type marked.
        return effects + [("stale", other.collection_root(), parent_id if link == "parent" else None)
                          for other, link, methods in self.stale_on_write if method in methods]

    def value(self, raw, option):
        """The option's value in a server object (raw CUPI fields): ``PORT_GROUP.value(row,
        "integration")`` is ``"sip"``; None when the object does not show it."""
        field = self.by_option[option]
        return field.from_api(raw.get(field.cupi))

    def name_of(self, raw):
        """The name (key) of a server object, as its list shows it."""
        return raw.get(self.name_field, "")

    def collection_path(self, **parents):
        return self.path.format(**parents)

    def parents_of(self, parents, object_id):
        """The path parameters of this (child) type under a parent with ``object_id`` that
        itself sits under ``parents``: the last parameter of the path is the parent's id."""
        names = PATH_PARAMETER.findall(self.path)
        return dict(parents, **{names[-1]: object_id})

    def object_path(self, object_id, **parents):
        return "%s/%s" % (self.collection_path(**parents), object_id)

    def argspec(self, exclude=(), required=()):
        spec = dict((f.option, f.argspec()) for f in self.fields if not f.readonly and f.option not in exclude)
        for option in required:
            spec[option]["required"] = True
        return spec

    def writable(self):
        return [f for f in self.fields if not f.readonly]

    def derived(self):
        """The fields the server derives (read only), but the name the list shows."""
        return [f for f in self.fields if f.readonly and f.cupi != self.name_field]

    def check(self, params, label_prefix=""):
        """Range errors for every given option, before anything is sent."""
        errors = []
        for field in self.writable():
            error = field.check(params.get(field.option), label_prefix + field.option)
            if error:
                errors.append(error)
        return errors

    def from_api(self, obj):
        """A CUPI object as module options plus object_id; secrets left out."""
        result = {}
        for field in self.fields:
            if field.secret:
                continue
            if field.cupi in obj:
                result[field.option] = field.from_api(obj[field.cupi])
        if result.get("object_id") is None:
            result["object_id"] = obj.get(self.id_field) or obj.get("ObjectId")
        return result

    def changed_options(self, current, desired):
        """Options whose desired value differs from current (both snake_case dicts).

        A create-only option the server does not return (a port group's first host)
        is not compared; any other option it leaves out is taken as empty."""
        changed = []
        for field in self.writable():
            want = desired.get(field.option)
            if want is None or field.secret or (field.create_only and field.option not in current):
                continue
            if not values_equal(field, current.get(field.option), want):
                changed.append(field.option)
        return changed


def values_equal(field, have, want):
    if field.type == "str" and (field.reference is not None or field.option in ("name", "host", "host_ipv6")):
        return (have or "").lower() == str(want).lower()
    if field.type == "str":
        return (have or "") == str(want)
    return have == want


def device_prefix_error(integration, device_prefix):
    """The error for a device prefix on a port group that is not SCCP, else None."""
    if device_prefix is not None and integration in ("sip", "pimg"):
        return "device_prefix applies to SCCP port groups only; remove it for integration %s" % integration
    return None


def primary_only(items, option, order_option, items_option):
    """Errors for ``option: true`` on any item but the primary: the first listed, which must not
    give a higher ``order_option`` than another item gives (AXL PIN sync, Telephony
    Integrations, "AXL Servers"). Without one, its place on the server decides, and the server
    checks it."""
    errors = []
    orders = [item.get(order_option) for item in items if item.get(order_option) is not None]
    for index, item in enumerate(items):
        if not item.get(option):
            continue
        if index:
            errors.append("%s[%d].%s: applies to the primary server only, the first listed (%s[0])"
                          % (items_option, index, option, items_option))
        elif orders and item.get(order_option) is not None and item[order_option] > min(orders):
            errors.append("%s[0].%s: applies to the primary server only, the one with the lowest %s; "
                          "give %s[0] the lowest %s" % (items_option, option, order_option, items_option, order_option))
    return errors


def object_label(kind, name, parent=None):
    """How reports name one object: its kind and key, then its parent's label, e.g.
    ``port group codec G.711 mu-law of port group HQ-SIP``; ``kind`` is the Resource's
    (or ``ports``, with no name: ``ports of port group HQ-SIP``)."""
    label = kind if name in (None, "") else "%s %s" % (kind, name)
    return "%s of %s" % (label, parent) if parent else label


# The inventory host of a play that names no cluster (the collection playbooks' default).
IMPLICIT_HOST = "localhost"


def cluster_label(server, host=None):
    """How reports and exports name the Unity Connection server they describe: the server
    the modules talk to (``hostname``), with the inventory host when that differs and is
    not the play's implicit ``localhost``, e.g. ``cuc-hq.example.com (inventory host hq)``."""
    server = str(server or "").strip()
    host = str(host or "").strip()
    if not server:
        return host or IMPLICIT_HOST
    if host and host != IMPLICIT_HOST and host.lower() != server.lower():
        return "%s (inventory host %s)" % (server, host)
    return server


def port_numbers(value, label="ports"):
    """The port numbers an override names: ``3``, ``"3"``, ``"3-4"`` or ``"1, 5-6"``.
    Returns (sorted numbers, error message or None)."""
    numbers = set()
    for part in str(value if value is not None else "").split(","):
        part = part.strip()
        low, sep, high = part.partition("-")
        try:
            low = int(low)
            high = int(high) if sep else low
        except ValueError:
            return [], "%s must be port numbers such as 3, \"3-4\" or \"1,5-6\", got: %s" % (label, value)
        if low < 1 or high < low:
            return [], "%s: %s is not a range of port numbers (they start at 1)" % (label, part)
        numbers.update(range(low, high + 1))
    return sorted(numbers), None


def port_ranges(numbers):
    """Port numbers written as an override's ``ports``: 3, or ``"1-4,7"``."""
    numbers = sorted(numbers)
    if len(numbers) == 1:
        return numbers[0]
    parts, start = [], None
    for index, number in enumerate(numbers):
        if start is None:
            start = number
        if index + 1 == len(numbers) or numbers[index + 1] != number + 1:
            parts.append(str(start) if start == number else "%d-%d" % (start, number))
            start = None
    return ",".join(parts)


def override_errors(overrides, count, check, label="overrides"):
    """What is wrong with a list of per-port overrides: numbers, a port named twice, a port
    beyond ``count`` (when given), an override that sets nothing, and what
    ``check(settings, label)`` finds in its settings. Returns (errors, {number: index})."""
    errors, owner = [], {}
    for index, override in enumerate(overrides or []):
        where = "%s[%d]." % (label, index)
        numbers, error = port_numbers(override.get("ports"), where + "ports")
        if error:
            errors.append(error)
        for number in numbers:
            if number in owner:
                errors.append("%sports: port %d is already in %s[%d]" % (where, number, label, owner[number]))
            elif count is not None and number > count:
                errors.append("%sports: port %d is beyond the %d ports of count" % (where, number, count))
            else:
                owner[number] = index
        settings = dict((k, v) for k, v in override.items() if k != "ports" and v is not None)
        if not settings and not error:
            errors.append("%s: sets nothing besides ports" % where.rstrip("."))
        errors += check(settings, where.rstrip("."))
    return errors, owner
