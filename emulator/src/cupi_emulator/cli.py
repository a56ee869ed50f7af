"""The ``cupi-emulator`` console script."""

import argparse
import signal
import sys
import threading

from cupi_emulator import __version__
from cupi_emulator.models import LENIENCIES, parse_lenient
from cupi_emulator.server import EmulatorServer
from cupi_emulator.sessions import DEFAULT_USERS, parse_users


def _non_negative(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _users(text):
    try:
        return parse_users(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _names(text):
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise argparse.ArgumentTypeError("at least one name is required")
    return names


def _lenient(text):
    try:
        return sorted(parse_lenient(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser():
    p = argparse.ArgumentParser(
        prog="cupi-emulator",
        description="Emulate Cisco Unity Connection's provisioning REST API (CUPI, /vmrest).")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_non_negative, default=8443, help="port (default 8443; 0 = any free port)")
    p.add_argument("--tls", action=argparse.BooleanOptionalAction, default=True,
                   help="serve HTTPS with a generated CA (default on)")
    p.add_argument("--ca-out", metavar="PATH", help="write the generated CA certificate (PEM) here")
    p.add_argument("--users", type=_users, default=parse_users(DEFAULT_USERS),
                   metavar="NAME:PW[,NAME:PW]", help="accepted users (default %s)" % DEFAULT_USERS)
    p.add_argument("--latency-ms", type=_non_negative, default=0, metavar="N",
                   help="delay added to every /vmrest request")
    p.add_argument("--auth-latency-ms", type=_non_negative, default=0, metavar="N",
                   help="delay added to requests authenticated with Basic instead of a session cookie")
    p.add_argument("--license-ports", type=_non_negative, default=250, metavar="N",
                   help="voice-messaging ports the licence allows (default 250)")
    p.add_argument("--reset-seconds", type=float, default=2.0, metavar="S",
                   help="how long a port group reset stays in progress (default 2)")
    p.add_argument("--state-file", metavar="PATH", help="load the state from PATH and save it after every change")
    p.add_argument("--vms-servers", type=_names, default=["cuc-pub"], metavar="NAME[,NAME]",
                   help="the Unity Connection servers listed at /vmrest/vmsservers (default cuc-pub)")
    p.add_argument("--access-log", action="store_true", help="log every request to stderr")
    strict = p.add_argument_group(
        "strictness and real-server variations",
        "The emulator is strict where the reference is; each --lenient NAME allows one leniency: "
        + "; ".join(f"{name}: {what}" for name, what in LENIENCIES.items()) + ".")
    strict.add_argument("--lenient", type=_lenient, action="append", default=[], metavar="NAME[,NAME]",
                        help="allow these leniencies (repeatable; default none)")
    strict.add_argument("--no-sip-certificate-post", action="store_true",
                        help="POST /vmrest/sipcertificates answers 405 (the reference documents no POST)")
    strict.add_argument("--hide-codec-preference", action="store_true",
                        help="port group codecs have no Preference (neither rendered nor accepted)")
    strict.add_argument("--create-uri-of-parent", action="store_true",
                        help="a port group server POST answers the port group's URI, as Port Group Server "
                             "Settings, 'Adding a TFTP Server to Existing Port Group with SIP Phone Integration' "
                             "shows, not the new server's")
    strict.add_argument("--max-rows-per-page", type=_non_negative, default=0, metavar="N",
                        help="at most N rows per list page, also without paging parameters "
                             "(default 0 = no cap)")
    load = p.add_argument_group("load, sessions and connections")
    load.add_argument("--max-concurrent", type=_positive, default=5, metavar="N",
                      help="/vmrest requests worked on at once; others queue (default 5)")
    load.add_argument("--queue-timeout-ms", type=_non_negative, default=10000, metavar="N",
                      help="a request that waited this long for a slot gets 503 (default 10000)")
    load.add_argument("--basic-auth-limit", type=_non_negative, default=3, metavar="N",
                      help="the N-th Basic authentication within the window gets 503 "
                           "(default 3; 0 = no throttle)")
    load.add_argument("--basic-auth-window-ms", type=_positive, default=1000, metavar="N",
                      help="the window of --basic-auth-limit (default 1000)")
    load.add_argument("--session-timeout-s", type=_non_negative, default=1800, metavar="N",
                      help="a session expires N seconds after its last use (default 1800; 0 = never)")
    load.add_argument("--keep-alive-s", type=_non_negative, default=20, metavar="N",
                      help="HTTP/1.1 keep-alive: close an idle connection after N seconds "
                           "(default 20; 0 = close after every response)")
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        server = EmulatorServer(
            host=args.host, port=args.port, tls=args.tls, ca_out=args.ca_out, users=args.users,
            latency_ms=args.latency_ms, auth_latency_ms=args.auth_latency_ms,
            license_ports=args.license_ports, state_file=args.state_file,
            vms_servers=args.vms_servers, access_log=args.access_log,
            max_concurrent=args.max_concurrent, queue_timeout_ms=args.queue_timeout_ms,
            basic_auth_limit=args.basic_auth_limit, basic_auth_window_ms=args.basic_auth_window_ms,
            session_timeout_s=args.session_timeout_s, keep_alive_s=args.keep_alive_s,
            reset_seconds=args.reset_seconds,
            lenient=[name for names in args.lenient for name in names],
            no_sip_certificate_post=args.no_sip_certificate_post,
            hide_codec_preference=args.hide_codec_preference,
            max_rows_per_page=args.max_rows_per_page,
            create_uri_of_parent=args.create_uri_of_parent,
        )
    except (OSError, ValueError) as exc:
        print(f"cupi-emulator: {exc}", file=sys.stderr)
        return 1
    try:
        server.start()
    except OSError as exc:
        print(f"cupi-emulator: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"cupi-emulator listening on {server.url}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
