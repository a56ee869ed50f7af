"""Run the emulator: a threaded werkzeug server, in a background thread.

    with EmulatorServer(port=0) as server:
        requests.get(server.url + "/vmrest/phonesystems", auth=("admin", "Cupi-Demo-1"),
                     verify=server.ca_path)
"""

import io
import shutil
import socket
import tempfile
import threading

from werkzeug.exceptions import InternalServerError
from werkzeug.serving import WSGIRequestHandler, make_server

from cupi_emulator.app import EmulatorContext, create_app
from cupi_emulator.models import CupiBackend
from cupi_emulator.sessions import DEFAULT_USERS, parse_users
from cupi_emulator.tls import CertificateAuthority


class EmulatorRequestHandler(WSGIRequestHandler):
    """werkzeug's handler with HTTP/1.1 keep-alive and dropped connections.

    werkzeug (3.x) sends ``Connection: close`` on every response and, after it, reads whatever
    the client sent next (which would eat the next request of a kept-alive connection). This
    handler replaces ``run_wsgi``: the request body is read completely before the app runs,
    the response is buffered and sent with ``Content-Length`` (no chunking), and the connection
    stays open for the next request unless the client asked to close it. The app can set
    ``environ["cupi.drop"]``: the response is then discarded and the socket shut down, so the
    client sees a connection closed without an answer.
    """

    protocol_version = "HTTP/1.1"
    quiet = True

    def setup(self):
        # An idle kept-alive connection is closed after keep_alive_s (socket timeout).
        self.timeout = getattr(self.server, "cupi_keep_alive_s", 0) or None
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except (OSError, AttributeError):
            pass
        tracker = getattr(self.server, "cupi_connections", None)
        if tracker is not None:
            tracker.opened(self.connection)

    def finish(self):
        try:
            super().finish()
        finally:
            tracker = getattr(self.server, "cupi_connections", None)
            if tracker is not None:
                tracker.closed(self.connection)

    def log_request(self, code="-", size="-"):
        if not self.quiet:
            super().log_request(code, size)

    def log_error(self, format, *args):
        if format.startswith("Request timed out"):
            return  # an idle kept-alive connection was closed: normal
        super().log_error(format, *args)

    def _read_body(self, environ):
        """Read the whole request body now, so the next request on the connection starts
        right after it whatever the app reads."""
        if environ.get("wsgi.input_terminated"):  # chunked
            body = environ["wsgi.input"].read()
        else:
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            if length < 0:
                self.close_connection = True
                return
            body = self.rfile.read(length) if length else b""
            if len(body) < length:
                self.close_connection = True
        environ["wsgi.input"] = io.BytesIO(body)

    def _drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def run_wsgi(self):
        # "Expect: 100-continue" was answered by http.server's parse_request (HTTP/1.1).
        self.environ = environ = self.make_environ()
        try:
            self._read_body(environ)
        except (ConnectionError, TimeoutError, ValueError):
            self.close_connection = True
            return
        environ["cupi.can_drop"] = True
        started = []
        chunks = []

        def start_response(status, headers, exc_info=None):
            if exc_info and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, headers]
            return chunks.append

        def execute(app):
            app_iter = app(environ, start_response)
            try:
                for data in app_iter:
                    chunks.append(data)
            finally:
                if hasattr(app_iter, "close"):
                    app_iter.close()

        try:
            execute(self.server.app)
        except Exception as exc:  # pragma: no cover - Flask answers 500 itself
            if self.server.passthrough_errors:
                raise
            self.log_error("Error on request: %r", exc)
            started.clear()
            chunks.clear()
            execute(InternalServerError())
        if environ.get("cupi.drop"):
            self._drop()
            return
        status, headers = started
        code_str, _, msg = status.partition(" ")
        code = int(code_str)
        body = b"".join(chunks)
        keep_alive = bool(getattr(self.server, "cupi_keep_alive_s", 0)) and not self.close_connection
        bodyless = code in (204, 304) or 100 <= code < 200
        try:
            self.send_response(code, msg)
            length = None
            for key, value in headers:
                lower = key.lower()
                if lower in ("connection", "transfer-encoding", "keep-alive"):
                    continue
                if lower == "content-length":
                    length = value
                    continue
                self.send_header(key, value)
            if not bodyless:
                # HEAD: the length the GET would have (Flask sets it); otherwise the real one.
                if self.command != "HEAD" or length is None:
                    length = str(len(body))
                self.send_header("Content-Length", length)
            if not keep_alive:
                self.send_header("Connection", "close")
            elif self.request_version == "HTTP/1.0":
                self.send_header("Connection", "keep-alive")
            # Headers and body in one write: two small writes on a kept-alive connection
            # would meet Nagle's algorithm and the client's delayed ACK (40 ms per request).
            self._headers_buffer.append(b"\r\n")
            if body and not bodyless and self.command != "HEAD":
                self._headers_buffer.append(body)
            self.flush_headers()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        if not keep_alive:
            self.close_connection = True


class _AccessLogHandler(EmulatorRequestHandler):
    quiet = False


class _Connections:
    """The open client connections of a server (closed on stop) and a count of accepted ones."""

    def __init__(self):
        self._lock = threading.Lock()
        self._open = set()
        self.accepted = 0

    def opened(self, conn):
        with self._lock:
            self._open.add(conn)
            self.accepted += 1

    def closed(self, conn):
        with self._lock:
            self._open.discard(conn)

    def shutdown_all(self):
        with self._lock:
            conns = list(self._open)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class EmulatorServer:
    """One emulated Unity Connection server.

    port=0 picks a free port (read it from ``.port`` after ``start()``). ``users`` is
    'name:pw,...', a dict or pairs. ``vms_servers`` is a list of names or 'a,b'.
    ``ca_path`` is the CA PEM (``ca_out`` or a temporary file) when TLS is on.
    ``basic_auth_limit`` defaults to 0 here (no throttle; the CLI's default is 3), so tests
    that authenticate every request with Basic keep working.
    ``lenient`` names the leniencies allowed (models.LENIENCIES; 'a,b' or a list; none by
    default, unknown names: ValueError). ``no_sip_certificate_post``,
    ``hide_codec_preference``, ``max_rows_per_page`` and ``create_uri_of_parent`` model
    real-server variations.
    """

    def __init__(self, host="127.0.0.1", port=0, tls=True, ca_out=None, users=DEFAULT_USERS,
                 latency_ms=0, auth_latency_ms=0, license_ports=250, state_file=None,
                 vms_servers=("cuc-pub",), access_log=False, max_concurrent=5,
                 queue_timeout_ms=10000, basic_auth_limit=0, basic_auth_window_ms=1000,
                 session_timeout_s=1800, keep_alive_s=20, reset_seconds=2.0, lenient=(),
                 no_sip_certificate_post=False, hide_codec_preference=False, max_rows_per_page=0,
                 create_uri_of_parent=False):
        if isinstance(vms_servers, str):
            vms_servers = [v.strip() for v in vms_servers.split(",") if v.strip()]
        self.host = host
        self.requested_port = port
        self.tls = tls
        self.ca_out = ca_out
        self.access_log = access_log
        self.keep_alive_s = keep_alive_s
        self.backend = CupiBackend(vms_servers=list(vms_servers or ["cuc-pub"]),
                                   license_ports=license_ports, state_file=state_file,
                                   reset_seconds=reset_seconds, lenient=lenient,
                                   no_sip_certificate_post=no_sip_certificate_post,
                                   hide_codec_preference=hide_codec_preference,
                                   create_uri_of_parent=create_uri_of_parent,
                                   max_rows_per_page=max_rows_per_page)
        self.context = EmulatorContext(
            self.backend, users=parse_users(users), latency_ms=latency_ms,
            auth_latency_ms=auth_latency_ms, tls=tls, max_concurrent=max_concurrent,
            queue_timeout_ms=queue_timeout_ms, basic_auth_limit=basic_auth_limit,
            basic_auth_window_ms=basic_auth_window_ms, session_timeout_s=session_timeout_s)
        self.app = create_app(self.context)
        self.ca = None
        self.ca_path = None
        self._tmpdir = None
        self._server = None
        self._thread = None
        self._connections = _Connections()

    @property
    def connections_accepted(self):
        """Client connections accepted since start (with keep-alive, fewer than requests)."""
        return self._connections.accepted

    @property
    def port(self):
        if self._server is None:
            return self.requested_port
        return self._server.server_port

    @property
    def url(self):
        scheme = "https" if self.tls else "http"
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"{scheme}://{host}:{self.port}"

    def start(self):
        if self._server is not None:
            return self
        self._tmpdir = tempfile.mkdtemp(prefix="cupi-emulator-")
        ssl_context = None
        if self.tls:
            self.ca = CertificateAuthority(self.host)
            self.ca_path = self.ca_out or f"{self._tmpdir}/ca.pem"
            self.ca.write_ca(self.ca_path)
            ssl_context = self.ca.server_context(self._tmpdir)
        handler = _AccessLogHandler if self.access_log else EmulatorRequestHandler
        try:
            self._server = make_server(self.host, self.requested_port, self.app, threaded=True,
                                       request_handler=handler, ssl_context=ssl_context)
        except BaseException:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            raise
        self._server.cupi_keep_alive_s = self.keep_alive_s
        self._server.cupi_connections = self._connections
        self._thread = threading.Thread(target=self._server.serve_forever, name="cupi-emulator",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._connections.shutdown_all()  # kept-alive connections end with the server
        self._thread.join(timeout=5)
        self._server = None
        self._thread = None
        shutil.rmtree(self._tmpdir, ignore_errors=True)
        if self.ca_path and not self.ca_out:
            self.ca_path = None

    def wait(self):
        """Block until the server stops."""
        if self._thread is not None:
            self._thread.join()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
