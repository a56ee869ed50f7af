"""Run the emulator: a threaded werkzeug server, in a background thread.

    with EmulatorServer(port=0) as server:
        requests.get(server.url + "/vmrest/phonesystems", auth=("admin", "password"),
                     verify=server.ca_path)
"""

import shutil
import tempfile
import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from cupi_emulator.app import EmulatorContext, create_app
from cupi_emulator.models import CupiBackend
from cupi_emulator.sessions import parse_users
from cupi_emulator.tls import CertificateAuthority


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-"):
        pass


class EmulatorServer:
    """One emulated Unity Connection server.

    port=0 picks a free port (read it from ``.port`` after ``start()``). ``users`` is
    'name:pw,...', a dict or pairs. ``vms_servers`` is a list of names or 'a,b'.
    ``ca_path`` is the CA PEM (``ca_out`` or a temporary file) when TLS is on.
    """

    def __init__(self, host="127.0.0.1", port=0, tls=True, ca_out=None, users="admin:password",
                 latency_ms=0, auth_latency_ms=0, license_ports=250, state_file=None,
                 vms_servers=("cuc-pub",), access_log=False):
        if isinstance(vms_servers, str):
            vms_servers = [v.strip() for v in vms_servers.split(",") if v.strip()]
        self.host = host
        self.requested_port = port
        self.tls = tls
        self.ca_out = ca_out
        self.access_log = access_log
        self.backend = CupiBackend(vms_servers=list(vms_servers or ["cuc-pub"]),
                                   license_ports=license_ports, state_file=state_file)
        self.context = EmulatorContext(self.backend, users=parse_users(users), latency_ms=latency_ms,
                                       auth_latency_ms=auth_latency_ms, tls=tls)
        self.app = create_app(self.context)
        self.ca = None
        self.ca_path = None
        self._tmpdir = None
        self._server = None
        self._thread = None

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
        handler = WSGIRequestHandler if self.access_log else _QuietHandler
        try:
            self._server = make_server(self.host, self.requested_port, self.app, threaded=True,
                                       request_handler=handler, ssl_context=ssl_context)
        except BaseException:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            raise
        self._thread = threading.Thread(target=self._server.serve_forever, name="cupi-emulator",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
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
