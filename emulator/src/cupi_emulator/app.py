"""The Flask application: faults, worker slots, latency, authentication (throttle, sessions)
and the request log around /vmrest, plus the admin endpoints under /__emulator__."""

import hmac
import socket
import time

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from cupi_emulator import responses, serialize, urls
from cupi_emulator.exceptions import CupiError, InvalidParameter, NotFound
from cupi_emulator.faults import FaultError, FaultStore
from cupi_emulator.load import BasicAuthThrottle, SlotLimiter
from cupi_emulator.models import LENIENCIES, CupiBackend, parse_lenient
from cupi_emulator.sessions import RequestLog, SessionStore, StillInFlight, parse_users

REALM = "Cisco System Management Interface"
ADMIN = "/__emulator__"
# How long a reset or a clear of the request log waits for the /vmrest requests in flight.
CLEAR_TIMEOUT_S = 30.0

UNAUTHORIZED_HTML = """<!doctype html><html lang="en"><head><title>HTTP Status 401 \u2013 Unauthorized</title>\
<style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1 {font-size:22px;}</style></head>\
<body><h1>HTTP Status 401 \u2013 Unauthorized</h1><hr class="line" /><p><b>Type</b> Status Report</p>\
<p><b>Description</b> The request has not been applied to the target resource because it lacks \
valid authentication credentials for that resource.</p><hr class="line" /><h3>Apache Tomcat</h3>\
</body></html>"""


class EmulatorContext:
    """Everything one running emulator holds: the backend (model state) and the HTTP-side
    state (users, sessions, request log, latencies, load limits, faults)."""

    def __init__(self, backend=None, users=None, latency_ms=0, auth_latency_ms=0, tls=True,
                 max_concurrent=5, queue_timeout_ms=10000, basic_auth_limit=0,
                 basic_auth_window_ms=1000, session_timeout_s=1800, clear_timeout_s=CLEAR_TIMEOUT_S):
        self.backend = backend or CupiBackend()
        self.users = parse_users(users)
        self.latency_ms = latency_ms
        self.auth_latency_ms = auth_latency_ms
        self.tls = tls
        self.sessions = SessionStore(timeout_s=session_timeout_s)
        self.log = RequestLog()
        self.slots = SlotLimiter(max_concurrent)
        self.queue_timeout_ms = queue_timeout_ms
        self.throttle = BasicAuthThrottle(basic_auth_limit, basic_auth_window_ms / 1000.0)
        self.faults = FaultStore()
        self.clear_timeout_s = clear_timeout_s

    def reset(self):
        """Back to the initial state, with an empty request log, once no /vmrest request is in
        flight (StillInFlight after clear_timeout_s: nothing changed)."""
        self.log.clear(self.clear_timeout_s, then=self._reset_state)

    def clear_log(self):
        """Empty the request log once no /vmrest request is in flight (StillInFlight after
        clear_timeout_s: nothing cleared)."""
        self.log.clear(self.clear_timeout_s)

    def _reset_state(self):
        self.backend.reset()
        self.sessions.clear()
        self.faults.clear()
        self.throttle.clear()

    def check_password(self, user, password):
        expected = self.users.get(user)
        if expected is None:
            return False
        return hmac.compare_digest(expected.encode("utf-8"), (password or "").encode("utf-8"))

    # runtime configuration (GET/POST /__emulator__/config)

    def config(self):
        def num(value):
            return int(value) if float(value).is_integer() else value

        config = {
            "latency_ms": self.latency_ms,
            "auth_latency_ms": self.auth_latency_ms,
            "basic_auth_limit": self.throttle.limit,
            "basic_auth_window_ms": num(self.throttle.window_s * 1000),
            "max_concurrent": self.slots.limit,
            "queue_timeout_ms": self.queue_timeout_ms,
            "session_timeout_s": num(self.sessions.timeout_s),
            "license_ports": self.backend.license_ports,
        }
        if hasattr(self.backend, "reset_seconds"):
            config["reset_seconds"] = self.backend.reset_seconds
        config["lenient"] = sorted(getattr(self.backend, "lenient", ()))
        for key, default in (("no_sip_certificate_post", False), ("hide_codec_preference", False),
                             ("create_uri_of_parent", False), ("max_rows_per_page", 0)):
            config[key] = getattr(self.backend, key, default)
        return config

    def configure(self, data):
        """Validate every key, then apply them all (ValueError: nothing changed)."""
        if not isinstance(data, dict):
            raise ValueError("a JSON object is expected")
        known = list(CONFIG_MINIMUM) + list(CONFIG_FLAGS) + ["lenient"]
        unknown = set(data) - set(known)
        if unknown:
            raise ValueError(f"unknown key(s): {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(known)}")
        lenient = None
        for key, value in data.items():
            if key == "lenient":
                if not isinstance(value, (list, str)):
                    raise ValueError(f"'lenient' must be a list of names (known: {', '.join(LENIENCIES)})")
                lenient = parse_lenient(value)
                continue
            if key in CONFIG_FLAGS:
                if not isinstance(value, bool):
                    raise ValueError(f"'{key}' must be true or false")
                continue
            minimum, numbers = CONFIG_MINIMUM[key]
            if isinstance(value, bool) or not isinstance(value, numbers) or value < minimum:
                kind = "a number" if numbers is not int else "an integer"
                raise ValueError(f"'{key}' must be {kind} >= {minimum}")
        if "reset_seconds" in data and not hasattr(self.backend, "reset_seconds"):
            raise ValueError("'reset_seconds' is not supported by this backend")
        for key, value in data.items():
            if key == "lenient":
                self.backend.lenient = lenient
            elif key in CONFIG_FLAGS or key == "max_rows_per_page":
                setattr(self.backend, key, value)
            elif key == "latency_ms":
                self.latency_ms = value
            elif key == "auth_latency_ms":
                self.auth_latency_ms = value
            elif key == "basic_auth_limit":
                self.throttle.limit = value
            elif key == "basic_auth_window_ms":
                self.throttle.window_s = value / 1000.0
            elif key == "max_concurrent":
                self.slots.limit = value
            elif key == "queue_timeout_ms":
                self.queue_timeout_ms = value
            elif key == "session_timeout_s":
                self.sessions.timeout_s = value
            elif key == "license_ports":
                self.backend.license_ports = value
            elif key == "reset_seconds":
                setattr(self.backend, "reset_seconds", value)
        return self.config()


_NUMBER = (int, float)
# key -> (minimum, accepted types)
CONFIG_MINIMUM = {
    "latency_ms": (0, int),
    "auth_latency_ms": (0, int),
    "basic_auth_limit": (0, int),
    "basic_auth_window_ms": (1, int),
    "max_concurrent": (1, int),
    "queue_timeout_ms": (0, int),
    "session_timeout_s": (0, _NUMBER),
    "license_ports": (0, int),
    "reset_seconds": (0, _NUMBER),
    "max_rows_per_page": (0, int),
}
# boolean keys (the real-server variations)
CONFIG_FLAGS = ("no_sip_certificate_post", "hide_codec_preference", "create_uri_of_parent")


def _is_vmrest(path):
    return path == "/vmrest" or path.startswith("/vmrest/")


def _unauthorized():
    resp = Response(UNAUTHORIZED_HTML, status=401, content_type="text/html;charset=utf-8")
    resp.headers["WWW-Authenticate"] = f'Basic realm="{REALM}"'
    return resp


def _auth_kind(context):
    """How a request would authenticate, without authenticating it (for the log of requests
    answered before authentication: injected 503s, server busy, dropped connections)."""
    if context.sessions.user_for(request.cookies, touch=False) is not None:
        return "session"
    creds = request.authorization
    return "basic" if creds is not None and creds.type == "basic" else "none"


def _logged_body():
    """The request body for the request log (secrets masked), or None without one."""
    try:
        raw = request.get_data(cache=True, as_text=True)
    except Exception:  # pragma: no cover - an unreadable body
        return None
    return serialize.describe_body(raw, request.mimetype)


def _busy(message):
    return responses.error_response("SERVICE_UNAVAILABLE", message, 503)


def _drop_connection(when):
    """Close the connection without an answer. The emulator's request handler (server.py)
    honours ``cupi.drop`` in the WSGI environ: it discards the response and shuts the socket
    down. Under another werkzeug server the socket is shut down here; writing the response
    then fails and the server treats it as a connection the client dropped."""
    environ = request.environ
    if environ.get("cupi.can_drop"):
        environ["cupi.drop"] = when
        return
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def create_app(context: EmulatorContext) -> Flask:
    """The emulator's Flask app for ``context``: the /vmrest routes with their request hooks
    and error handlers, and the admin endpoints under /__emulator__."""
    app = Flask("cupi_emulator")
    app.extensions["cupi"] = context
    register_request_hooks(app, context)
    register_error_handlers(app)
    register_admin(app, context)
    urls.register(app)
    return app


# ---- around every /vmrest request ---------------------------------------------------------

def register_request_hooks(app, context):
    """Before a /vmrest request: faults, a worker slot, latency, authentication. After it:
    the session cookies and the request log. At its end: the worker slot is released and the
    request is no longer in flight."""
    app.before_request(lambda: _start_request(context))
    app.after_request(lambda resp: _finish_request(context, resp))

    @app.teardown_request
    def release_slot(exc):
        if g.pop("slot", False):
            context.slots.release()
        if g.pop("in_flight", False):
            context.log.end()


def _start_request(context):
    """Count the request in flight, run its faults, wait for a worker slot, spend the latencies and
    authenticate. A response ends the request here; None lets it through."""
    if not _is_vmrest(request.path):
        return None
    g.generation = context.log.begin()  # in flight until teardown
    g.in_flight = True
    g.started = time.time()
    g.new_session_user = None
    g.faults = []
    g.drop_after = False
    answer, delay_ms = _apply_faults(context)
    if answer is not None:
        return answer
    # At most max_concurrent requests are worked on; the others wait for a slot.
    if not context.slots.acquire(context.queue_timeout_ms / 1000.0):
        g.auth = _auth_kind(context)
        return _busy("Service Unavailable: the server is busy (too many requests in "
                     "progress), try again later")
    g.slot = True
    # Latencies and delays are spent while holding the slot, like a busy worker.
    if context.latency_ms:
        time.sleep(context.latency_ms / 1000.0)
    if delay_ms:
        time.sleep(delay_ms / 1000.0)
    return _authenticate(context)


def _apply_faults(context):
    """The faults injected for this request, applied when it arrives (before it queues for a
    worker slot): (the answer that ends it or None, the delay in ms to add)."""
    delay_ms = 0
    for kind, ms in context.faults.take(request.method, request.path):
        g.faults.append(kind)
        if kind == "expire_sessions":
            context.sessions.clear()
        elif kind == "delay":
            delay_ms += ms
        elif kind == "drop_after":
            g.drop_after = True
        elif kind == "status_503":
            g.auth = _auth_kind(context)
            return _busy("Service Unavailable: the server is busy, try again later"), delay_ms
        elif kind == "drop_before":
            g.auth = _auth_kind(context)
            g.dropped = True
            _drop_connection("before")
            return Response(status=503), delay_ms  # never sent
    return None, delay_ms


def _authenticate(context):
    """A session cookie, or Basic credentials (throttled, with the authentication latency):
    None when the request may go on, else the answer (401 or 503)."""
    user = context.sessions.user_for(request.cookies)
    if user is not None:
        g.auth = "session"
        return None
    creds = request.authorization
    if creds is None or creds.type != "basic":
        g.auth = "none"
        return _unauthorized()
    g.auth = "basic"
    if not context.throttle.allow():
        return _busy("Service Unavailable: too many Basic authentications; reuse the session "
                     "cookie (JSESSIONIDSSO)")
    if context.auth_latency_ms:
        time.sleep(context.auth_latency_ms / 1000.0)
    if not context.check_password(creds.username, creds.password):
        return _unauthorized()
    g.new_session_user = creds.username
    return None


def _finish_request(context, resp):
    """Drop the connection if a fault says so, set the cookies of a new session and log the
    request."""
    if not _is_vmrest(request.path) or not hasattr(g, "auth"):
        return resp
    dropped = g.get("dropped", False)
    if g.get("drop_after"):
        _drop_connection("after")  # the change (if any) is committed; the answer is lost
        dropped = True
    if g.get("new_session_user") and resp.status_code != 401 and not dropped:
        for name, value in context.sessions.new_session(g.new_session_user).items():
            resp.set_cookie(name, value, path="/vmrest/" if name == "JSESSIONID" else "/",
                            secure=context.tls, httponly=True)
    entry = dict(
        method=request.method,
        path=request.path,
        query=request.query_string.decode("latin-1"),
        status=None if dropped else resp.status_code,
        auth=g.auth,
        time=g.started,
        end=time.time(),
    )
    entry["body"] = _logged_body()
    if g.get("faults"):
        entry["faults"] = list(g.faults)
    context.log.add(g.generation, **entry)
    return resp


# ---- errors ------------------------------------------------------------------------------

def register_error_handlers(app):
    """CUPI errors as ErrorDetails; HTTP errors on /vmrest too (405 with Allow, 404); an
    unexpected exception as a 500 INTERNAL_ERROR."""
    app.register_error_handler(CupiError, responses.cupi_error_response)
    app.register_error_handler(HTTPException, _http_error)

    @app.errorhandler(Exception)
    def on_crash(exc):  # pragma: no cover - a bug in the emulator
        app.logger.exception("unhandled error")
        return responses.error_response("INTERNAL_ERROR", f"{type(exc).__name__}: {exc}", 500)


def _http_error(exc):
    if not _is_vmrest(request.path):
        return exc
    headers = {}
    if exc.code == 405:
        allowed = exc.valid_methods or []
        headers["Allow"] = ", ".join(allowed)
        return responses.error_response(
            "METHOD_NOT_ALLOWED", f"Method {request.method} is not allowed on {request.path}",
            405, headers)
    if exc.code == 404:
        return responses.error_response("NOT_FOUND", f"No resource at {request.path}", 404)
    return responses.error_response(exc.name.upper().replace(" ", "_"), exc.description or exc.name,
                                    exc.code or 500)


# ---- the admin endpoints (/__emulator__) ----------------------------------------------------

def register_admin(app, context):
    """The admin endpoints: health, request log, reset, config, faults and test data."""
    _register_admin_state(app, context)
    _register_admin_faults(app, context)
    _register_admin_data(app, context)


def _admin_error(message, status):
    return jsonify({"error": message}), status


def _when_idle(clear):
    """204 once ``clear`` has waited for the requests in flight and done its work; 503 (nothing
    done) when they did not end in time."""
    try:
        clear()
    except StillInFlight as exc:
        return _admin_error(str(exc), 503)
    return Response(status=204)


def _register_admin_state(app, context):
    @app.get(f"{ADMIN}/health")
    def health():
        return jsonify({"status": "ok", "in_flight": context.log.in_flight})

    @app.route(f"{ADMIN}/requests", methods=["GET", "DELETE"])
    def request_log():
        if request.method == "DELETE":
            return _when_idle(context.clear_log)
        return jsonify(context.log.entries())

    @app.post(f"{ADMIN}/reset")
    def reset():
        return _when_idle(context.reset)

    @app.route(f"{ADMIN}/config", methods=["GET", "POST"])
    def config():
        if request.method == "GET":
            return jsonify(context.config())
        data = request.get_json(silent=True, force=True)
        try:
            return jsonify(context.configure(data))
        except ValueError as exc:
            return _admin_error(str(exc), 400)


def _register_admin_faults(app, context):
    @app.route(f"{ADMIN}/faults", methods=["GET", "POST", "DELETE"])
    def faults():
        if request.method == "DELETE":
            context.faults.clear()
            return Response(status=204)
        if request.method == "GET":
            return jsonify(context.faults.active())
        data = request.get_json(silent=True, force=True)
        try:
            added = context.faults.add(data)
        except FaultError as exc:
            return _admin_error(str(exc), 400)
        return jsonify(added), 201

    @app.delete(f"{ADMIN}/faults/<int:fault_id>")
    def remove_fault(fault_id):
        if not context.faults.remove(fault_id):
            return _admin_error(f"no active fault {fault_id}", 404)
        return Response(status=204)


# admin JSON key -> the association's CUPI field
ASSOCIATION_COUNTS = (("num_notification_device", "numNotificationDevice"),
                      ("num_notification_mwi", "numNotificationMWI"),
                      ("num_primary_call_handler", "numPrimaryCallHandler"))


def _register_admin_data(app, context):
    @app.post(f"{ADMIN}/associations")
    def seed_association():
        data = request.get_json(silent=True, force=True)
        if not isinstance(data, dict):
            return _admin_error("a JSON object is expected", 400)
        for key in ("phone_system", "alias"):
            if not data.get(key):
                return _admin_error(f"'{key}' is required", 400)
        counts = {field: data[key] for key, field in ASSOCIATION_COUNTS if key in data}
        try:
            view = context.backend.seed_association(
                data["phone_system"], data["alias"], data.get("display_name", ""), **counts)
        except NotFound as exc:
            return _admin_error(exc.message, 404)
        except InvalidParameter as exc:
            return _admin_error(exc.message, 400)
        return jsonify({k: responses.serialize.wire(v) for k, v in view.items()}), 201

    @app.get(f"{ADMIN}/secrets/axlservers/<axl_id>")
    def axl_secret(axl_id):
        try:
            return jsonify({"password": context.backend.axl_password(axl_id)})
        except NotFound as exc:
            return _admin_error(exc.message, 404)
