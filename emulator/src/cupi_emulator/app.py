"""The Flask application: authentication, sessions, latency and the request log around
/vmrest, plus the admin endpoints under /__emulator__."""

import hmac
import time

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from cupi_emulator import responses, urls
from cupi_emulator.exceptions import CupiError, InvalidParameter, NotFound
from cupi_emulator.models import CupiBackend
from cupi_emulator.sessions import RequestLog, SessionStore, parse_users

REALM = "Cisco System Management Interface"
ADMIN = "/__emulator__"

UNAUTHORIZED_HTML = """<!doctype html><html lang="en"><head><title>HTTP Status 401 \u2013 Unauthorized</title>\
<style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1 {font-size:22px;}</style></head>\
<body><h1>HTTP Status 401 \u2013 Unauthorized</h1><hr class="line" /><p><b>Type</b> Status Report</p>\
<p><b>Description</b> The request has not been applied to the target resource because it lacks \
valid authentication credentials for that resource.</p><hr class="line" /><h3>Apache Tomcat</h3>\
</body></html>"""


class EmulatorContext:
    """Everything one running emulator holds: the backend (model state) and the HTTP-side
    state (users, sessions, request log, latencies)."""

    def __init__(self, backend=None, users=None, latency_ms=0, auth_latency_ms=0, tls=True):
        self.backend = backend or CupiBackend()
        self.users = parse_users(users)
        self.latency_ms = latency_ms
        self.auth_latency_ms = auth_latency_ms
        self.tls = tls
        self.sessions = SessionStore()
        self.log = RequestLog()

    def reset(self):
        self.backend.reset()
        self.sessions.clear()
        self.log.clear()

    def check_password(self, user, password):
        expected = self.users.get(user)
        if expected is None:
            return False
        return hmac.compare_digest(expected.encode("utf-8"), (password or "").encode("utf-8"))


def _is_vmrest(path):
    return path == "/vmrest" or path.startswith("/vmrest/")


def _unauthorized():
    resp = Response(UNAUTHORIZED_HTML, status=401, content_type="text/html;charset=utf-8")
    resp.headers["WWW-Authenticate"] = f'Basic realm="{REALM}"'
    return resp


def create_app(context: EmulatorContext) -> Flask:
    app = Flask("cupi_emulator")
    app.extensions["cupi"] = context

    @app.before_request
    def authenticate():
        if not _is_vmrest(request.path):
            return None
        g.started = time.time()
        g.new_session_user = None
        if context.latency_ms:
            time.sleep(context.latency_ms / 1000.0)
        user = context.sessions.user_for(request.cookies)
        if user is not None:
            g.auth = "session"
            return None
        creds = request.authorization
        if creds is None or creds.type != "basic":
            g.auth = "none"
            return _unauthorized()
        g.auth = "basic"
        if context.auth_latency_ms:
            time.sleep(context.auth_latency_ms / 1000.0)
        if not context.check_password(creds.username, creds.password):
            return _unauthorized()
        g.new_session_user = creds.username
        return None

    @app.after_request
    def finish(resp):
        if not _is_vmrest(request.path) or not hasattr(g, "auth"):
            return resp
        if g.get("new_session_user") and resp.status_code != 401:
            for name, value in context.sessions.new_session(g.new_session_user).items():
                resp.set_cookie(name, value, path="/vmrest/" if name == "JSESSIONID" else "/",
                                secure=context.tls, httponly=True)
        context.log.add(
            method=request.method,
            path=request.path,
            query=request.query_string.decode("latin-1"),
            status=resp.status_code,
            auth=g.auth,
            time=g.started,
        )
        return resp

    @app.errorhandler(CupiError)
    def on_cupi_error(exc):
        return responses.cupi_error_response(exc)

    @app.errorhandler(HTTPException)
    def on_http_error(exc):
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

    @app.errorhandler(Exception)
    def on_crash(exc):  # pragma: no cover - a bug in the emulator
        app.logger.exception("unhandled error")
        return responses.error_response("INTERNAL_ERROR", f"{type(exc).__name__}: {exc}", 500)

    register_admin(app, context)
    urls.register(app)
    return app


def register_admin(app, context):
    def admin_error(message, status):
        return jsonify({"error": message}), status

    @app.get(f"{ADMIN}/health")
    def health():
        return jsonify({"status": "ok"})

    @app.route(f"{ADMIN}/requests", methods=["GET", "DELETE"])
    def request_log():
        if request.method == "DELETE":
            context.log.clear()
            return Response(status=204)
        return jsonify(context.log.entries())

    @app.post(f"{ADMIN}/reset")
    def reset():
        context.reset()
        return Response(status=204)

    @app.post(f"{ADMIN}/associations")
    def seed_association():
        data = request.get_json(silent=True, force=True)
        if not isinstance(data, dict):
            return admin_error("a JSON object is expected", 400)
        for key in ("phone_system", "alias"):
            if not data.get(key):
                return admin_error(f"'{key}' is required", 400)
        counts = {}
        for key, field in (("num_notification_device", "numNotificationDevice"),
                           ("num_notification_mwi", "numNotificationMWI"),
                           ("num_primary_call_handler", "numPrimaryCallHandler")):
            if key in data:
                counts[field] = data[key]
        try:
            view = context.backend.seed_association(
                data["phone_system"], data["alias"], data.get("display_name", ""), **counts)
        except NotFound as exc:
            return admin_error(exc.message, 404)
        except InvalidParameter as exc:
            return admin_error(exc.message, 400)
        return jsonify({k: responses.serialize.wire(v) for k, v in view.items()}), 201

    @app.get(f"{ADMIN}/secrets/axlservers/<axl_id>")
    def axl_secret(axl_id):
        try:
            return jsonify({"password": context.backend.axl_password(axl_id)})
        except NotFound as exc:
            return admin_error(exc.message, 404)
