"""`make bench`: the cupi.telephony.integration role against a hand-written uri playbook.

Starts CUPI emulators (`cupi-emulator --port 0`, TLS, `--latency-ms`, `--auth-latency-ms`),
runs the playbooks with the venv's ansible-playbook, reads the emulator's request log, and
writes docs/performance.md and docs/performance.svg. `--smoke` is a tiny run without latency
(the role only, a few seconds) that checks what the benchmark relies on and writes nothing
under docs/.

Scenarios (each on the example, examples/integration.yml):
  first apply on an empty server, re-apply with nothing to do, check mode with one drift
  (cupi.telephony.drift / the uri playbook with --check), export;
  scale: a port group with 250 ports; one cluster, then ten emulated clusters with forks 10
  and 25 with forks 25 (``--clusters``); the uri playbook on many clusters with
  ``--uri-clusters``; Ansible alone (as many do-nothing tasks as the role runs) on 1 and on
  the most hosts.

CPU: user + system seconds of ansible-playbook and its workers for every run (the children's
rusage around it), per task from the recorder (tests/bench/callback_plugins/bench_record.py)
and, for one more re-apply of one cluster, the collection's phases (CUPI_PROFILE). The
targets of the issue on time and CPU are printed, met or not, and fail the run only with
``--strict``; the request budgets (REQUEST_BUDGETS) fail it.
"""

import argparse
import collections
import json
import math
import os
import re
import resource
import shutil
import signal
import ssl
import subprocess
import sys
import textwrap
import time
import urllib.request
from base64 import b64encode

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BENCH = os.path.join(ROOT, "tests", "bench")
BIN = os.path.dirname(sys.executable)
# Requests the example may take (issue: a run cache that forgets, never predicts): what the
# server derives is read, not guessed, for at most this many requests.
REQUEST_BUDGETS = {"first apply": 40, "re-apply": 13}
EXAMPLE = os.path.join(ROOT, "examples", "integration.yml")
# The example with the AXL password it needs (it has no default for vault_axl_password).
EXAMPLE_VARS = ["-e", "@" + EXAMPLE, "-e", "vault_axl_password=Bench-axl-pw-1"]
USER, PASSWORD = "admin", "Cupi-Demo-1"
WRITES = ("POST", "PUT", "DELETE")
DRIFT = ("CUCM-HQ-SCCP", "MwiOnCode", "1234")   # one field changed behind the playbooks' back
# The reset task polls the port groups until the reset is done: the same GET, on purpose.
RESET_TASK = "Reset the port groups the policy allows, report the others"
# The role before the write-through run cache (docs/performance.md at commit 3bcc444, the
# same scenarios and latency): requests and wall seconds.
BEFORE = collections.OrderedDict([
    ("first apply", (74, 7.8)), ("re-apply", (13, 2.3)), ("check mode, one drift", (13, 2.4)), ("export", (18, 2.2)),
])


# The controller's cost before the CPU work of the issue "Close to Ansible's own floor"
# (docs/performance.md at commit 6f21411, the same scenarios, latency and machine): run ->
# (wall s, CPU s) for the runs of the Scale table, and the profiled CPU per task.
CPU_BEFORE = collections.OrderedDict([
    ("1 cluster, first apply", (7.8, 3.88)), ("1 cluster, re-apply", (4.3, 3.92)),
    ("25 clusters, first apply", (40.9, 66.5)), ("25 clusters, re-apply", (35.4, 65.4)),
    ("Ansible alone, 1 host, 28 tasks that do nothing", (1.2, 1.32)),
    ("Ansible alone, 25 hosts, forks 25, 28 tasks that do nothing", (9.8, 17.8)),
])
CPU_PER_TASK_BEFORE = (98, 20)  # ms: the role's task, a task that does nothing

TARGET_WORDS = {True: "met", False: "NOT MET", None: "not measured"}


def log(msg):
    print("bench: " + msg, flush=True)


# -- emulators ------------------------------------------------------------------------
class Emulator:
    def __init__(self, workdir, name, latency_ms, auth_latency_ms, extra=()):
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.ca = os.path.join(self.dir, "ca.pem")
        out = open(os.path.join(self.dir, "log"), "w")
        exe = os.path.join(BIN, "cupi-emulator")
        self.proc = subprocess.Popen(
            [exe, "--host", "127.0.0.1", "--port", "0", "--tls", "--ca-out", self.ca,
             "--users", "%s:%s" % (USER, PASSWORD), "--latency-ms", str(latency_ms),
             "--auth-latency-ms", str(auth_latency_ms)] + list(extra),
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = None
        for _attempt in range(300):
            with open(os.path.join(self.dir, "log")) as handle:
                first = handle.readline()
            if "listening on" in first and os.path.exists(self.ca):
                self.url = first.split("listening on", 1)[1].strip().rstrip("/")
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if not self.url:
            self.stop()
            raise SystemExit("bench: the emulator did not start; see %s/log" % self.dir)
        self.port = int(self.url.rsplit(":", 1)[1])
        self.context = ssl.create_default_context(cafile=self.ca)

    def admin(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data else {})
        with urllib.request.urlopen(req, context=self.context, timeout=30) as answer:
            text = answer.read()
        return json.loads(text) if text.strip() else None

    def requests(self):
        return self.admin("GET", "/__emulator__/requests")

    def clear(self):
        self.admin("DELETE", "/__emulator__/requests")

    def vmrest(self, method, path, body=None):
        """One request with Basic authentication (outside the measured runs)."""
        time.sleep(1.1)  # stay clear of the Basic-authentication throttle
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Accept": "application/json",
                   "Authorization": "Basic " + b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode()}
        if data is not None:
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.url + "/vmrest" + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(req, context=self.context, timeout=30) as answer:
            text = answer.read()
        return json.loads(text) if text.strip().startswith(b"{") else text

    def host_vars(self):
        return {"ansible_connection": "local", "ansible_python_interpreter": sys.executable,
                "cupi_hostname": "127.0.0.1", "cupi_port": self.port, "cupi_username": USER,
                "cupi_password": PASSWORD, "cupi_ca_path": self.ca}

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# -- ansible-playbook runs ------------------------------------------------------------
class Runner:
    def __init__(self, workdir):
        self.workdir = workdir
        self.count = 0

    def inventory(self, emulators, name):
        path = os.path.join(self.workdir, name + ".inventory.yml")
        hosts = dict(("cluster%02d" % (i + 1), e.host_vars()) for i, e in enumerate(emulators))
        with open(path, "w") as out:
            yaml.safe_dump({"cupi_clusters": {"hosts": hosts}}, out)
        return path

    def run(self, playbook, inventory, home, args=(), forks=5, check=True, profile=False):
        """Run ansible-playbook; return wall time, CPU, the recorder's JSON, the output.

        CPU is user + system time of ansible-playbook and every worker it forked (the
        children's rusage before and after: the emulators are waited for only when they
        stop, never during a run). The recorder adds the controller process's CPU per task
        and each worker's (``workers``); with ``profile`` the collection's own accounting
        (CUPI_PROFILE, plugins/module_utils/profile.py) is on too (``profile``)."""
        self.count += 1
        record = os.path.join(self.workdir, "run%02d.json" % self.count)
        output = os.path.join(self.workdir, "run%02d.log" % self.count)
        workers = os.path.join(self.workdir, "run%02d.workers.jsonl" % self.count)
        profile_file = os.path.join(self.workdir, "run%02d.profile.jsonl" % self.count)
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("CUPI_", "ANSIBLE_", "BENCH_")))
        env.update(
            HOME=home, PATH=BIN + os.pathsep + env.get("PATH", ""),
            ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "build"),
            ANSIBLE_CALLBACK_PLUGINS=os.path.join(BENCH, "callback_plugins"),
            ANSIBLE_CALLBACKS_ENABLED="bench_record", BENCH_RECORD=record, BENCH_WORKERS=workers,
            ANSIBLE_FORKS=str(forks), ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="false",
            ANSIBLE_DEPRECATION_WARNINGS="false", ANSIBLE_RETRY_FILES_ENABLED="false")
        if profile:
            env["CUPI_PROFILE"] = profile_file
        os.makedirs(home, exist_ok=True)
        cmd = [os.path.join(BIN, "ansible-playbook"), "-i", inventory, playbook,
               "-e", "cupi_hosts=cupi_clusters"] + list(args)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.time()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, check=False)
        wall = time.time() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(output, "w") as out:
            out.write(" ".join(cmd) + "\n" + proc.stdout)
        if check and proc.returncode != 0:
            raise SystemExit("bench: %s failed (rc %d); its output: %s" % (" ".join(cmd), proc.returncode, output))
        with open(record) as handle:
            data = json.load(handle)
        data["start"], data["wall"], data["rc"], data["log"] = start, wall, proc.returncode, output
        data["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        data["workers"] = json_lines(workers)
        data["profile"] = json_lines(profile_file) if profile else None
        return data


def json_lines(path):
    try:
        with open(path) as handle:
            return [json.loads(line) for line in handle if line.strip()]
    except FileNotFoundError:
        return []


def measure(emulators, run_data, label):
    """The numbers of one run from the request logs of its emulators."""
    entries = []
    for e in emulators:
        entries.extend(e.requests())
    methods = collections.Counter(x["method"] for x in entries)
    recap = run_data["recap"]
    hosts = max(len(recap), 1)
    tasks = sum(r["ok"] + r["failures"] + r["skipped"] + r["unreachable"] for r in recap.values()) / hosts
    return {
        "label": label, "requests": len(entries) / len(emulators), "methods": dict(methods),
        "writes": sum(methods.get(m, 0) for m in WRITES), "basic": sum(1 for x in entries if x["auth"] == "basic"),
        "status_503": sum(1 for x in entries if x["status"] == 503),
        "status_401": sum(1 for x in entries if x["status"] == 401),
        "tasks": tasks, "changed": sum(r["changed"] for r in recap.values()) / hosts,
        "wall": run_data["wall"], "entries": entries, "record": run_data, "clusters": len(emulators),
        "cpu": run_data["cpu"], "cpu_per_cluster": run_data["cpu"] / len(emulators),
    }


def by_task(m):
    """Requests per task: a request belongs to the task that started last before it."""
    tasks = m["record"]["tasks"]
    starts = [t["start"] for t in tasks]
    out = collections.OrderedDict((i, []) for i in range(len(tasks)))
    for x in sorted(m["entries"], key=lambda x: x["time"]):
        index = max([i for i, s in enumerate(starts) if s <= x["time"] + 0.0005] or [0])
        out[index].append(x)
    return [(tasks[i]["name"], reqs) for i, reqs in out.items() if reqs]


# -- CPU ------------------------------------------------------------------------------
PHASES = (("validate", "argument validation"), ("cache_read", "cache reads"), ("cache_write", "cache writes"),
          ("requests", "requests"))


def task_profile(data):
    """Per task of one run: its wall time (to the next task's start), the controller's CPU
    for it (ansible-playbook's own process while the task ran, plus its workers: one per host)
    and how the workers' CPU splits: the loop's templating (``loop``), each item's run
    (``item``: templating its options and condition, then the action), the action plugin
    (``action``) and, for the collection's modules (CUPI_PROFILE), its phases."""
    workers = collections.defaultdict(list)
    for w in data["workers"]:
        workers[w["task"]].append(w)
    lines = collections.defaultdict(list)
    for line in data.get("profile") or []:
        lines[line["pid"]].append(line)
    rows = []
    for t in data["tasks"]:
        ws = workers.get(t.get("uuid"), [])
        row = {"name": t["name"], "wall": t.get("end", data["end"]) - t["start"], "main_cpu": t.get("main_cpu", 0.0),
               "worker_cpu": sum(w["cpu"] for w in ws), "hosts": len(ws)}
        for phase in ("loop", "item", "action"):
            row[phase] = sum(w["phases"].get(phase, {}).get("cpu", 0.0) for w in ws)
        row["items"] = sum(w["phases"].get("action", {}).get("calls", 0) for w in ws)
        row["imported"] = sorted(set(name for w in ws for name in w.get("imported", [])))
        mine = [x for w in ws for x in lines.get(w["pid"], []) if w["start"] - 0.01 <= x["time"] <= w["end"] + 0.01]
        row["collection"] = bool(mine)
        row["cupi_cpu"] = sum(x["cpu"] for x in mine)
        for phase, _label in PHASES:
            row[phase] = sum(x["phases"].get(phase, {}).get("cpu", 0.0) for x in mine)
            row[phase + "_wall"] = sum(x["phases"].get(phase, {}).get("wall", 0.0) for x in mine)
            row[phase + "_calls"] = sum(x["phases"].get(phase, {}).get("calls", 0) for x in mine)
        row["cpu"] = row["main_cpu"] + row["worker_cpu"]
        rows.append(row)
    return rows


def shares(data, rows):
    """Where a run's CPU went, in seconds: (label, seconds) from the whole run's CPU."""
    total = data["cpu"]
    tasks_cpu = sum(r["cpu"] for r in rows)
    collection = [r for r in rows if r["collection"]]
    others = [r for r in rows if not r["collection"]]
    out = collections.OrderedDict()
    out["ansible-playbook start-up and end (outside any task)"] = total - tasks_cpu
    out["ansible-playbook's own process per task (strategy, queueing, results, callbacks)"] = sum(
        r["main_cpu"] for r in rows)
    out["workers: Ansible's own (fork, task variables, sending the result)"] = sum(
        r["worker_cpu"] - r["item"] - r["loop"] for r in rows)
    out["workers: templating the loops"] = sum(r["loop"] for r in rows)
    out["workers: templating each task's (each loop item's) options, variables and condition "
        "(the role's Jinja, the collection's filters)"] = sum(
        r["item"] - r["action"] for r in rows)
    out["workers: Ansible's own actions (set_fact, assert, debug, ...)"] = sum(r["action"] for r in others)
    for phase, label in PHASES:
        out["collection: " + label] = sum(r[phase] for r in collection)
    out["collection: the rest of the modules' logic (plans, comparisons, results)"] = sum(
        r["action"] - sum(r[p] for p, _label in PHASES) for r in collection)
    return out


PLUGIN_FILE = re.compile(r"^ansible_collections\.cupi\.telephony\.plugins\.\w+\.\w+$")


def worker_imports(rows):
    """The collection's Python files the workers imported themselves (each compiles them from
    source) rather than inherited from ansible-playbook's process: (before, after), the tasks
    before the first of the collection's modules (which loads the action plugin, and with it
    every module and filter, into that process) and the tasks from it on, as (task, files)."""
    first = next((i for i, r in enumerate(rows) if r["collection"]), len(rows))
    files = [(r["name"].split(" : ")[-1], [n for n in r["imported"] if PLUGIN_FILE.match(n)]) for r in rows]
    return [f for f in files[:first] if f[1]], [f for f in files[first:] if f[1]]


def per_task_cpu(rows):
    """Mean CPU seconds of a task (the controller's process and the workers), per host."""
    hosts = max([r["hosts"] for r in rows] + [1])
    return sum(r["cpu"] for r in rows) / float(max(len(rows), 1)) / hosts


def smoke_cpu_checks(m):
    """What the CPU report relies on, from the smoke's re-apply (run with CUPI_PROFILE)."""
    problems = []
    data = m["record"]
    rows = task_profile(data)
    if not m["cpu"] > 0:
        problems.append("no CPU time measured for ansible-playbook and its workers")
    missing = [r["name"] for r in rows if not r["hosts"]]
    if missing:
        problems.append("no worker recorded for %d task(s): %s" % (len(missing), ", ".join(missing[:3])))
    calls = dict((phase, sum(r[phase + "_calls"] for r in rows)) for phase, _label in PHASES)
    for phase in ("validate", "cache_read", "requests"):
        if not calls[phase]:
            problems.append("the collection's profile (CUPI_PROFILE) recorded no %s" % phase)
    _before, after = worker_imports(rows)
    if after:
        problems.append("workers imported the collection's Python files themselves after the first module task "
                        "(each compiles them from source): %s" % "; ".join(
                            "%s: %s" % (task, ", ".join(files)) for task, files in after[:3]))
    log("smoke: CPU %.2f s for %d tasks (%.0f ms a task); collection: %s" % (
        m["cpu"], len(rows), per_task_cpu(rows) * 1000,
        ", ".join("%s %d calls %.0f ms" % (p, calls[p], sum(r[p] for r in rows) * 1000) for p, _l in PHASES)))
    if os.environ.get("BENCH_TASKS"):  # the re-apply's CPU per task, in ms (main process + workers)
        for r in rows:
            log("  %5.0f ms (main %3.0f, loop %3.0f, items %3.0f, action %3.0f)  %s" % (
                r["cpu"] * 1000, r["main_cpu"] * 1000, r["loop"] * 1000, r["item"] * 1000, r["action"] * 1000,
                r["name"][:70]))
    return problems


# -- the floor ------------------------------------------------------------------------
SEEDED_PROFILES = {5060: False, 5061: True}
FIRST_SERVER = {"sccp": ("cucm", 2000, 2443), "sip": ("sip_proxy", 5060, 5061), "pimg": ("pimg", 5060, 5061)}
NEW_CODECS = [("g.711 mu-law", 20), ("g.729", 20)]
NEW_PORT = {"answer_calls": True, "message_notification": True, "mwi": True, "trap_connection": True,
            "enabled": True, "hunt_order": 0, "security_mode": "non_secure"}


def _port_groups(v):
    for ps in v.get("cupi_phone_systems", []):
        if ps.get("state", "present") == "present":
            for pg in ps.get("port_groups", []):
                if pg.get("state", "present") == "present":
                    yield ps, pg


def _references(v, key):
    return any(key in (pg.get("settings") or {}) for _ps, pg in _port_groups(v))


def floor_reads(v, export=False):
    """Fewest GETs that read what the variables manage (or, for an export, everything):
    one GET per list; children only exist per parent, so one list per parent; a port
    group's reset status and its references come with the port group list; codec rows
    name their definition by id, so the definitions once."""
    pss = [ps for ps in v.get("cupi_phone_systems", []) if ps.get("state", "present") == "present"]
    pgs = list(_port_groups(v))
    ports = sum(int((pg.get("ports") or {}).get("count", 0)) for _ps, pg in pgs)
    n = collections.OrderedDict()
    n["phone systems"] = 1
    if export or v.get("cupi_sip_security_profiles") or _references(v, "sip_security_profile"):
        n["SIP security profiles"] = 1
    if export or v.get("cupi_sip_certificates") or _references(v, "sip_certificate"):
        n["SIP certificates"] = 1
    n["AXL servers"] = len(pss) if export else sum(1 for ps in pss if "axl_servers" in ps)
    n["port groups"] = 1 if pgs else 0
    n["port group servers"] = len(pgs) if export else sum(1 for _ps, pg in pgs if "servers" in pg)
    n["port group codecs"] = len(pgs) if export else sum(1 for _ps, pg in pgs if "codecs" in pg)
    n["codec definitions"] = 1 if n["port group codecs"] else 0
    n["ports (100 a page)"] = max(1, math.ceil(ports / 100.0)) if (export or ports) else 0
    return n


def floor_first_apply(v):
    """Fewest requests that converge an empty server (a new server has the SIP profiles
    5060 and 5061/TLS; a new port group has its first server from `host` and the codecs
    G.711 mu-law and G.729; new ports have every capability on)."""
    n = collections.OrderedDict()
    pss = [ps for ps in v.get("cupi_phone_systems", []) if ps.get("state", "present") == "present"]
    pgs = list(_port_groups(v))
    reads = 1  # the phone systems: none may have the names yet
    writes = collections.Counter()
    profiles = v.get("cupi_sip_security_profiles") or []
    if profiles or _references(v, "sip_security_profile"):
        reads += 1
    if v.get("cupi_sip_certificates") or _references(v, "sip_certificate"):
        reads += 1
    for p in profiles:
        if int(p["port"]) not in SEEDED_PROFILES:
            writes["POST"] += 1
        elif "tls" in p and bool(p["tls"]) != SEEDED_PROFILES[int(p["port"])]:
            writes["PUT"] += 1
    writes["POST"] += len(v.get("cupi_sip_certificates") or [])
    writes["POST"] += len(pss)                                        # settings go with the POST
    writes["POST"] += sum(len(ps.get("axl_servers") or []) for ps in pss)
    if pgs:
        reads += 1                                                   # port group names are global
    writes["POST"] += len(pgs)
    resets = 0
    codec_lists = 0
    for _ps, pg in pgs:
        changed_servers = 0
        if "servers" in pg:
            kind, port, tls_port = FIRST_SERVER[pg["integration"]]
            first = [s for s in pg["servers"] if s["type"] == kind and s["host"] == pg["host"]]
            if not first:
                writes["DELETE"] += 1
                changed_servers += 1
            elif first[0].get("port", port) != port or first[0].get("tls_port", tls_port) != tls_port:
                writes["PUT"] += 1
                changed_servers += 1
            others = len(pg["servers"]) - (1 if first else 0)
            writes["POST"] += others
            changed_servers += others
        resets += 1 if changed_servers else 0
        if "codecs" in pg:
            wanted = [(c["name"].lower(), int(c.get("packet_size", 20))) for c in pg["codecs"]]
            if wanted != NEW_CODECS:
                codec_lists += 1
                kept = sum(1 for a, b in zip(wanted, NEW_CODECS) if a == b)
                writes["DELETE"] += len(NEW_CODECS) - kept
                writes["POST"] += len(wanted) - kept
        ports = pg.get("ports") or {}
        if int(ports.get("count", 0)):
            writes["POST"] += 1
            if any(k in NEW_PORT and ports[k] != NEW_PORT[k] for k in ports):
                reads += 1
                writes["PUT"] += int(ports["count"])
    if codec_lists:
        reads += codec_lists + 1                                     # the new rows' ids, the definitions
    if any(int((pg.get("ports") or {}).get("count", 0)) and pg["integration"] != "pimg" for _ps, pg in pgs):
        reads += 1                                                   # the VMS server's id
    if resets:
        writes["PUT"] += resets
        reads += 1                                                   # the port groups, once reset
    n["GET"] = reads
    n.update(sorted(writes.items()))
    return n, resets


def floor(scenario, v, tasks, calib, latency_ms, auth_latency_ms, reset_seconds):
    if scenario == "first apply":
        counts, resets = floor_first_apply(v)
        basic, wait = 1, (reset_seconds if resets else 0.0)
        detail = ", ".join("%s %d" % kv for kv in counts.items() if kv[1])
    else:
        parts = floor_reads(v, export=(scenario == "export"))
        counts = {"GET": sum(parts.values())}
        basic, wait = 0, 0.0
        detail = ", ".join("%s %d" % kv for kv in parts.items() if kv[1])
    total = sum(counts.values())
    seconds = (calib["startup"] + tasks * calib["per_task"] + total * latency_ms / 1000.0
               + basic * auth_latency_ms / 1000.0 + wait)
    return {"requests": total, "methods": dict(counts), "basic": basic, "seconds": seconds, "detail": detail,
            "wait": wait}


def noop_play(runner, tasks):
    """A play of ``tasks`` controller-side tasks that do nothing (``debug``), on local hosts."""
    path = os.path.join(runner.workdir, "noop%d.yml" % tasks)
    play = [{"name": "Ansible alone", "hosts": "{{ cupi_hosts }}", "connection": "local", "gather_facts": False,
             "tasks": [{"name": "Task %d" % i, "ansible.builtin.debug": {"msg": "x"}} for i in range(tasks)]}]
    with open(path, "w") as out:
        yaml.safe_dump(play, out)
    return path


def calibrate(runner, inventory, home, sizes=(1, 41)):
    """Ansible's own cost: ansible-playbook's start-up and a controller-side task."""
    times = dict((n, min(runner.run(noop_play(runner, n), inventory, home)["wall"] for _attempt in range(2)))
                 for n in sizes)
    per_task = max(0.0, (times[sizes[1]] - times[sizes[0]]) / (sizes[1] - sizes[0]))
    return {"startup": times[sizes[0]] - per_task, "per_task": per_task}


def ansible_alone(runner, tasks, hosts, home):
    """The median of three runs (its recorder's JSON, ``wall``, ``cpu``) of ``tasks`` tasks that do nothing on ``hosts`` hosts with as many forks:
    what Ansible itself takes on this machine, below which no role of that many tasks can go.
    The median, as for the role's re-apply of one cluster: this 2-core machine's run-to-run
    spread is some 25%."""
    inventory = os.path.join(runner.workdir, "alone%d.inventory.yml" % hosts)
    local = {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}
    with open(inventory, "w") as out:
        yaml.safe_dump({"cupi_clusters": {"hosts": dict(("cluster%02d" % (i + 1), local) for i in range(hosts))}}, out)
    runs = [runner.run(noop_play(runner, tasks), inventory, home, forks=hosts) for _attempt in range(3)]
    return median(runs, "wall")


def median(runs, key):
    """The run of the median ``key`` (of an odd number of runs)."""
    return sorted(runs, key=lambda data: data[key])[len(runs) // 2]


# -- end state ------------------------------------------------------------------------
def normalized_export(path):
    """The exported variables with precedence/preference numbers replaced by their rank
    (the order is the end state; the numbers a tool picks for it are not)."""
    with open(path) as handle:
        data = yaml.safe_load(handle)
    for ps in data.get("cupi_phone_systems", []):
        _rank(ps.get("axl_servers") or [], "precedence", lambda s: "axl")
        for pg in ps.get("port_groups", []):
            _rank(pg.get("servers") or [], "precedence", lambda s: s.get("type"))
            _rank(pg.get("codecs") or [], "preference", lambda s: "codec")
    return data


def _rank(items, key, group):
    groups = collections.defaultdict(list)
    for item in items:
        groups[group(item)].append(item)
    for members in groups.values():
        for rank, item in enumerate(sorted(members, key=lambda i: i.get(key, 0))):
            item[key] = rank


# -- the report -----------------------------------------------------------------------
def fmt_methods(methods):
    return " ".join("%s %d" % (m, methods[m]) for m in ("GET", "POST", "PUT", "DELETE") if methods.get(m))


def svg_chart(rows, path):
    """Grouped bars: wall time of the role, the uri playbook and the floor per scenario."""
    scenarios = [s for s in ("first apply", "re-apply", "check mode, one drift", "export") if s in rows]
    series = [("role", "#1f77b4"), ("uri playbook", "#d62728"), ("floor", "#7f7f7f")]
    top = max([rows[s][k]["wall"] for s in scenarios for k, _color in series if k in rows[s]] + [1.0])
    top = math.ceil(top / 5.0) * 5
    width, height, left, bottom, plot_h = 760, 340, 60, 60, 240
    group_w = (width - left - 20) / float(len(scenarios))
    bar_w = group_w / 4.5
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">'
           % (width, height), '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="18" font-size="14">Wall time per run, seconds (latency 50 ms, Basic auth +150 ms)</text>'
           % left]
    for i in range(6):
        value = top * i / 5.0
        y = height - bottom - plot_h * i / 5.0
        out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (left, y, width - 20, y))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%g</text>' % (left - 6, y + 4, value))
    for g, scenario in enumerate(scenarios):
        x0 = left + g * group_w + bar_w * 0.5
        for b, (key, color) in enumerate(series):
            if key not in rows[scenario]:
                continue
            value = rows[scenario][key]["wall"]
            h = plot_h * value / top
            x = x0 + b * bar_w * 1.1
            y = height - bottom - h
            out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>' % (x, y, bar_w, h, color))
            out.append('<text x="%.1f" y="%.1f" text-anchor="middle" font-size="10">%.1f</text>'
                       % (x + bar_w / 2, y - 3, value))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>'
                   % (left + g * group_w + group_w / 2, height - bottom + 18, scenario))
    for b, (key, color) in enumerate(series):
        x = left + b * 150
        out.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (x, height - 22, color))
        out.append('<text x="%d" y="%d">%s</text>' % (x + 18, height - 12, key))
    out.append("</svg>")
    with open(path, "w") as handle:
        handle.write("\n".join(out) + "\n")


def written_collection(entry):
    """The list a write changes: the path of a POST, the collection of the object a PUT or
    DELETE names (the port groups, for a reset)."""
    path = entry["path"]
    if path.endswith("/reset"):
        return "/vmrest/portgroups"
    return path if entry["method"] == "POST" else path.rsplit("/", 1)[0]


def waste_lines(m):
    """Identical GETs sent more than once in a run with no write to what they read in
    between (a list read again after a change to it is a new read), but for the reset
    task's polls (the same read until the reset is done)."""
    polls = set(id(x) for name, reqs in by_task(m) if name.endswith(RESET_TASK) for x in reqs)
    seen, repeats = {}, collections.Counter()
    for x in sorted(m["entries"], key=lambda x: x["time"]):
        if x["method"] != "GET":
            changed = written_collection(x)
            for key in [k for k in seen if k[0] == changed]:
                del seen[key]
            continue
        key = (x["path"], x["query"])
        if id(x) in polls:
            continue
        if key in seen:
            repeats[key] += 1
        seen[key] = True
    return ["%dx `GET %s%s`" % (count + 1, path, ("?" + query) if query else "")
            for (path, query), count in sorted(repeats.items(), key=lambda kv: -kv[1])]


def task_table(m):
    rows = ["| task | requests |", "|---|---|"]
    for name, reqs in by_task(m):
        kinds = collections.Counter("%s %s" % (x["method"], _shape(x["path"])) for x in reqs)
        shown = ", ".join("%s x%d" % kv if kv[1] > 1 else kv[0] for kv in kinds.items())
        rows.append("| %s | %d: %s |" % (name, len(reqs), shown))
    return rows


def _shape(path):
    parts = path.split("/")
    return "/".join("{id}" if len(p) == 36 and p.count("-") == 4 else p for p in parts)


def write_report(path, results, floors, scale, calib, targets, args, total_seconds, alone=()):
    lines = [
        "# Performance",
        "",
        "How many requests, Basic authentications, tasks and seconds the `cupi.telephony.integration`",
        "role (and the `apply`/`drift`/`export` playbooks) spends on the example integration",
        "(`examples/integration.yml`), against the same job hand-written with `ansible.builtin.uri`",
        "(`tests/bench/uri_integration.yml`, `tests/bench/uri_export.yml`) and against the floor.",
        "Measured in one run of `make bench` (%.0f s in all) against the CUPI emulator with" % total_seconds,
        "`--latency-ms %d --auth-latency-ms %d` (every request +%d ms; one that authenticates with Basic"
        % (args.latency_ms, args.auth_latency_ms, args.latency_ms),
        "+%d ms more; the third Basic authentication within a second gets 503, as on Unity Connection)."
        % args.auth_latency_ms,
        "",
        "Reproduce: `make bench` (from a fresh clone: it runs `make setup` first), or",
        "`.venv/bin/python tests/bench/run.py` once `make setup` has run. Options:",
        "`--latency-ms`, `--auth-latency-ms`, `--out`, `--keep` (keep the emulator logs and",
        "playbook output under `.tmp/bench/`), `--clusters` (the scale runs' cluster counts, default",
        "`10,25`), `--uri-clusters N` (the uri playbook on N clusters too, for the 1/5 targets at that",
        "scale: about 8 minutes more for 25 on 2 CPUs), `--strict` (exit 1 when a target is not met).",
        "`make bench-smoke` is the few-seconds check. CPU is user + system time of `ansible-playbook`",
        "and every worker it forks, from the benchmark's view of its children.",
        "",
        "![wall time per run](performance.svg)",
        "",
        "## Results",
        "",
        "| scenario | run | requests | by method | Basic auth | 503 | tasks | wall s | CPU s | requests / floor "
        "| time / floor |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for scenario, rows in results.items():
        fl = floors[scenario]
        for key in ("role", "uri playbook"):
            if key not in rows:
                continue
            m = rows[key]
            lines.append("| %s | %s | %d | %s | %d | %d | %g | %.1f | %.1f | %.1f | %.1f |" % (
                scenario, key, m["requests"], fmt_methods(m["methods"]), m["basic"], m["status_503"],
                m["tasks"], m["wall"], m["cpu"], m["requests"] / float(fl["requests"]), m["wall"] / fl["seconds"]))
        lines.append("| %s | **floor** | %d | %s | %d | 0 | %g | %.1f | - | 1 | 1 |" % (
            scenario, fl["requests"], fmt_methods(fl["methods"]), fl["basic"], rows["role"]["tasks"], fl["seconds"]))
    lines += ["", "## Before and after", "",
              "The role before the write-through run cache, the one-read reset poll and the ports read",
              "once per run (docs/performance.md at commit 3bcc444, the same scenarios and latency),",
              "and now:", "",
              "| scenario | requests before | requests now | wall s before | wall s now |", "|---|---|---|---|---|"]
    for scenario, (requests, wall) in BEFORE.items():
        if scenario in results:
            m = results[scenario]["role"]
            lines.append("| %s | %d | %d | %.1f | %.1f |" % (scenario, requests, m["requests"], wall, m["wall"]))
    lines += ["", "## Targets", "",
              "Evaluated and printed by every `make bench`; a target not met does not fail it (`--strict`",
              "does), a request budget exceeded does.", "",
              "| target | measured | met |", "|---|---|---|"]
    for name, measured, ok in targets:
        lines.append("| %s | %s | %s |" % (name, measured, {True: "yes", False: "**no**", None: "not measured"}[ok]))
    lines += ["", "## Scale", "",
              "| run | requests | by method | Basic auth | 503 | tasks (per host) | wall s | CPU s | CPU s a cluster "
              "| note |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name, m, note in scale:
        lines.append("| %s | %d | %s | %d | %d | %g | %.1f | %.1f | %.2f | %s |" % (
            name, m["requests"], fmt_methods(m["methods"]), m["basic"], m["status_503"], m["tasks"], m["wall"],
            m["cpu"], m["cpu_per_cluster"], note))
    for name, data, note in alone:
        hosts = max(len(data["recap"]), 1)
        lines.append("| %s | 0 | - | 0 | 0 | - | %.1f | %.1f | %.2f | %s |" % (
            name, data["wall"], data["cpu"], data["cpu"] / hosts, note))
    lines += [
        "",
        "N clusters: N emulator instances, an inventory group `cupi_clusters` with one host",
        "per instance (its connection in host vars: `cupi_hostname`, `cupi_port`, `cupi_username`,",
        "`cupi_password`, `cupi_ca_path`), `-e cupi_hosts=cupi_clusters`, `forks: N` (one cluster:",
        "`forks: 10`); requests are per cluster, CPU is the whole run's and, beside it, per cluster.",
        "This machine has %d CPUs: Ansible's forks share them, so with many forks CPU bounds the"
        % (os.cpu_count() or 1),
        "wall time. \"Ansible alone\" is a play of as many `debug` tasks as the role runs, on",
        "local hosts with nothing to reach: what Ansible itself takes for that many tasks and hosts",
        "here (forking a worker per host and task, templating, results), a bound no role of that",
        "many tasks goes under.",
        "",
    ]
    lines += cpu_section(args.cpu, args)
    lines += cpu_before_and_after(scale, alone, args.cpu)
    lines += [
        "## The floor",
        "",
        "The floor is what any tool must spend on the job: the fewest requests that could do it",
        "times the latency, plus one Basic authentication where a run cannot have a session yet,",
        "plus Ansible's own cost for the tasks the role runs (ansible-playbook's start-up and a",
        "controller-side task, measured here: start-up %.2f s, %.0f ms a task), plus, on a first"
        % (calib["startup"], calib["per_task"] * 1000),
        "apply, the port group reset the server takes (`--reset-seconds`, 2 s). `tests/bench/run.py`",
        "computes it from the variables:",
        "",
        "- **Re-apply, check mode:** one GET per list that holds what the variables manage:",
        "  phone systems, SIP security profiles, SIP certificates, port groups (with their reset",
        "  status and references), the AXL servers of each phone system that lists them, the",
        "  servers and codecs of each port group that lists them (children are only listed per",
        "  parent), the codec definitions (codec rows name them by id) and the ports (all port",
        "  groups at once, 100 rows a page). No write, no Basic authentication (the session of the",
        "  run before). One drift changes nothing in check mode: the same reads.",
        "- **First apply on an empty server:** the lists that must be read before creating (phone",
        "  systems, SIP profiles and certificates, port groups: names are unique), one POST per",
        "  object with its settings in the POST, the AXL and port group servers beyond the one a",
        "  new port group gets from `host`, the codec changes against a new port group's",
        "  G.711 mu-law + G.729 (one read of its codecs and of the definitions), one POST per port",
        "  group's ports (plus the VMS server's id), one PUT reset per port group whose servers",
        "  changed and one read of the port groups once the reset is done.",
        "- **Export:** one GET per list of everything (every phone system's AXL servers, every",
        "  port group's servers and codecs).",
        "",
        "The floor counts each request's latency one after another. The role's preflight",
        "(`telephony_info`) reads its lists that hang under no other object at once, at most 3",
        "requests at a time (docs/decisions.md, Requests), so its wall time can go under that",
        "count: its 6 lists take 3 rounds of requests, not 6 (one alone, which makes the session or",
        "finds the cached one taken, then the other 5).",
        "",
    ]
    for scenario in results:
        lines.append("- %s: %s" % (scenario, floors[scenario]["detail"]))
    lines += ["", "## Where the role spends requests", ""]
    for scenario in results:
        m = results[scenario]["role"]
        lines += ["### %s (role, %d requests)" % (scenario, m["requests"]), ""] + task_table(m) + [""]
        repeats = waste_lines(m)
        heading = ("Identical GETs sent more than once in this run, with no write to what they read in "
                   "between (but the reset's polls): %s" % ("none" if not repeats else ""))
        lines += [heading, ""] + ["- " + r for r in repeats] + ([""] if repeats else [])
    lines += [
        "## How the runs are made",
        "",
        "- Each implementation gets a fresh emulator and its own `HOME` (so the role's session",
        "  cache starts empty, as for a new user); the runs follow each other on that server:",
        "  first apply, re-apply, one drift made behind the playbooks' back (`%s` of port group" % DRIFT[1],
        "  `%s` set to `%s`), check mode (`cupi.telephony.drift`; the uri playbook with `--check`)," % (
            DRIFT[0], DRIFT[2]),
        "  export (`cupi.telephony.export`; `tests/bench/uri_export.yml`).",
        "- Requests and their authentication come from the emulator's request log",
        "  (`/__emulator__/requests`, cleared before each run); a request counts under the task",
        "  that started last before it (recorded by `tests/bench/callback_plugins/bench_record.py`).",
        "  Tasks are the recap's ok + skipped + failed per host; wall time is the whole",
        "  `ansible-playbook` process.",
        "- CPU is user + system time of `ansible-playbook` and every worker it forked: the",
        "  benchmark's children's rusage (`getrusage(RUSAGE_CHILDREN)`) before and after the run.",
        "  Per task, the recorder adds ansible-playbook's own process from one task's start to the",
        "  next's and each worker's time (one JSON line per worker, `BENCH_WORKERS`); the collection's",
        "  phases come from `CUPI_PROFILE` (plugins/module_utils/profile.py), on only for the profiled",
        "  re-apply.",
        "- The uri playbook authenticates with Basic on every request (`uri` keeps no session",
        "  cookie between tasks) and retries on 503 (`until`, `retries: 20`, `delay: 1`): its 503s",
        "  are counted in its requests. It has no check mode: its reads run with",
        "  `check_mode: false`, its writes are skipped and its last task lists what would change.",
        "- End state: after the re-apply, `cupi.telephony.export` reads both servers; the two",
        "  files are equal once precedence/preference numbers are replaced by their order (%s)."
        % ("checked, equal" if args.state_equal else "**differ**: see the run's output"),
        "",
    ]
    with open(path, "w") as out:
        out.write("\n".join(lines))


def _ms(seconds):
    return "%.0f" % (seconds * 1000)


def cpu_before_and_after(scale, alone, cpu):
    """The runs of the Scale table and the CPU per task, before the CPU work (CPU_BEFORE) and
    now. Ansible alone and the uri playbook did not change: their difference is this
    machine's from one run to another."""
    now = dict((name, (m["wall"], m["cpu"])) for name, m, _note in scale)
    now.update((name, (data["wall"], data["cpu"])) for name, data, _note in alone)
    lines = ["## CPU before and after", "",
             "The controller's cost before the CPU work (loop items passed whole to the modules, report",
             "files built only when asked; docs/performance.md at commit 6f21411) and in this run. Ansible",
             "alone did not change: its difference is this machine's from one run to another.", "",
             "| run | wall s before | wall s now | CPU s before | CPU s now |", "|---|---|---|---|---|"]
    for name, (wall, seconds) in CPU_BEFORE.items():
        if name in now:
            lines.append("| %s | %.1f | %.1f | %.1f | %.1f |" % (name, wall, now[name][0], seconds, now[name][1]))
    if cpu:
        lines.append("| CPU per task (ms), the role's / a task that does nothing | - | - | %d / %d | %.0f / %.0f |" % (
            CPU_PER_TASK_BEFORE + (cpu["role_task"] * 1000, cpu["noop_task"] * 1000)))
    return lines + [""]


def cpu_section(cpu, args):
    """Where the CPU goes: the profile of a re-apply of one cluster, task by task, against a
    task that does nothing, and the shares of the whole run."""
    rows, noop, m = cpu["profile"], cpu["noop"], cpu["profiled"]
    role_tasks, alone1, _alone_n = args.alone
    total = m["cpu"]

    def cell(run_m):
        if run_m is None:
            return "not run"
        clusters = run_m.get("clusters") or max(len(run_m.get("recap", {})), 1)
        return "%.1f s, CPU %.1f s (%.2f s a cluster)" % (run_m["wall"], run_m["cpu"], run_m["cpu"] / clusters)

    lines = [
        "## CPU",
        "",
        "The controller's CPU seconds (user + system of `ansible-playbook` and its workers), whole run",
        "and per cluster, beside the wall time; Ansible alone runs as many tasks that do nothing as",
        "the role runs, on as many hosts (the uri playbook on many clusters only with",
        "`--uri-clusters`).",
        "",
        "| run | role | uri playbook | Ansible alone |",
        "|---|---|---|---|",
    ]
    for label, role_m, uri_m, alone_m in cpu.get("summary", []):
        lines.append("| %s | %s | %s | %s |" % (label, cell(role_m), cell(uri_m), cell(alone_m)))
    lines += [
        "",
        "## Where the CPU goes",
        "",
        "A re-apply of one cluster (nothing to change, %d requests) run once more with the" % m["requests"],
        "collection's own time accounting on (`CUPI_PROFILE=<file>`, plugins/module_utils/profile.py:",
        "off, it costs nothing) and the recorder's per-worker accounting",
        "(`tests/bench/callback_plugins/bench_record.py`). It took %.1f s and %.2f CPU seconds;" % (m["wall"], total),
        "Ansible alone, %d tasks that do nothing on one host, %.1f s and %.2f CPU seconds." % (
            role_tasks, alone1["wall"], alone1["cpu"]),
        "",
        "Per task (milliseconds): *CPU* is ansible-playbook's own process from the task's start to the",
        "next one's (strategy, results, callbacks) plus the task's worker (a process forked per task",
        "and host); of the worker's, *loop* is templating the loop, *items* running the loop items",
        "(templating each item's options and condition) and *action* the action plugin. The last",
        "columns split the action of the collection's modules: argument validation, cache reads and",
        "writes (the run cache and the session), requests (CPU, and wall with the latency).",
        "",
        "| task | items | wall | CPU | own process | worker | loop | items, without the action | action "
        "| validation | cache reads | cache writes | requests CPU | requests wall |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cupi = [_ms(r[p]) for p in ("validate", "cache_read", "cache_write", "requests")] + [_ms(r["requests_wall"])] \
            if r["collection"] else ["-"] * 5
        lines.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["name"].split(" : ")[-1], r["items"], _ms(r["wall"]), _ms(r["cpu"]), _ms(r["main_cpu"]),
            _ms(r["worker_cpu"]), _ms(r["loop"]), _ms(r["item"] - r["action"]), _ms(r["action"]), " | ".join(cupi)))
    n = float(max(len(noop), 1))
    lines.append("| **a task that does nothing** (mean of %d) | 1 | %s | %s | %s | %s | %s | %s | %s | - | - | - | - | - |"
                 % (len(noop), _ms(sum(r["wall"] for r in noop) / n), _ms(sum(r["cpu"] for r in noop) / n),
                    _ms(sum(r["main_cpu"] for r in noop) / n), _ms(sum(r["worker_cpu"] for r in noop) / n),
                    _ms(sum(r["loop"] for r in noop) / n), _ms(sum(r["item"] - r["action"] for r in noop) / n),
                    _ms(sum(r["action"] for r in noop) / n)))
    lines += [
        "",
        "A task of the role takes %s ms of CPU on average (the median of the three re-applies of one cluster; "
        "the table is the profiled one), a task that does nothing %s ms (%.1fx)."
        % (_ms(cpu["role_task"]), _ms(cpu["noop_task"]), cpu["role_task"] / max(cpu["noop_task"], 1e-9)),
        "",
        "The whole re-apply's %.2f CPU seconds:" % total,
        "",
        "| share | CPU s | of the run |",
        "|---|---|---|",
    ]
    for label, seconds in cpu["shares"].items():
        lines.append("| %s | %.2f | %.0f%% |" % (label, seconds, 100.0 * seconds / max(total, 1e-9)))
    ranked = sorted(cpu["shares"].items(), key=lambda kv: -kv[1])
    heavy = sorted(rows, key=lambda r: -r["cpu"])[:3]
    collection = sum(v for k, v in cpu["shares"].items() if k.startswith("collection: "))
    text = (
        "Where it goes, from these numbers: the largest shares are %s. The collection's modules "
        "(validation, cache, requests and their logic, in the action plugins) take %.2f s, %.0f%% of the run; "
        "the rest is Ansible running the role: its start-up, a worker forked per task and host, the "
        "templating of every task's options, variables and conditions (per loop item for loops, with the "
        "collection's filters inside) and the role's tasks that are not the collection's modules (set_fact, "
        "assert). The costliest tasks: %s." % (
            "; ".join("%s (%.2f s)" % kv for kv in ranked[:3]), collection, 100.0 * collection / max(total, 1e-9),
            "; ".join("%s (%s ms)" % (r["name"].split(" : ")[-1], _ms(r["cpu"])) for r in heavy)))
    before, after = worker_imports(rows)
    text = (
        "The collection's Python files a worker imported itself (Ansible compiles a collection's file "
        "from source at each import, with no bytecode cache, and forks a worker per task and host): "
        "%d in %d of the tasks before the first of the collection's modules, %d after it (%s). "
        "ansible-playbook's own process loads the action plugin before it forks the first module "
        "task's worker, and with it every module and filter, once a run "
        "(plugins/plugin_utils/action.py, `import_once`): every later worker inherits them." % (
            sum(len(f) for _t, f in before), len(before), sum(len(f) for _t, f in after),
            "; ".join("%s: %s" % (t, ", ".join(n.rsplit(".", 2)[-2] + "/" + n.rsplit(".", 1)[-1] + ".py" for n in f))
                      for t, f in (before + after)[:4]) or "none"))
    lines += [""] + textwrap.wrap(text, 100) + [""]
    return lines


# -- scenarios ------------------------------------------------------------------------
def series(impl, emulator, runner, home, inventory, v_args, check_state_dir, smoke):
    """first apply, re-apply, drift in check mode, export: one implementation, one server.
    ``v_args``: the ansible-playbook arguments that give the variables."""
    out = collections.OrderedDict()
    role = impl == "role"
    apply = "cupi.telephony.apply" if role else os.path.join(BENCH, "uri_integration.yml")
    emulator.clear()
    out["first apply"] = measure([emulator], runner.run(apply, inventory, home, v_args), "first apply")
    emulator.clear()
    out["re-apply"] = measure([emulator], runner.run(apply, inventory, home, v_args, profile=smoke and role),
                              "re-apply")
    # The end state, read by the role's export (not measured).
    state_file = os.path.join(check_state_dir, impl + ".yml")
    runner.run("cupi.telephony.export", inventory, os.path.join(runner.workdir, "home-verify"),
               ["-e", "cupi_export_file=" + state_file])
    if smoke:
        return out
    pg = emulator.vmrest("GET", "/portgroups?query=(DisplayName%%20is%%20%s)" % DRIFT[0])["PortGroup"]
    emulator.vmrest("PUT", "/portgroups/" + pg["ObjectId"], {DRIFT[1]: DRIFT[2]})
    time.sleep(1.1)
    emulator.clear()
    if role:
        data = runner.run("cupi.telephony.drift", inventory, home, v_args)
    else:
        data = runner.run(apply, inventory, home, v_args + ["--check"])
    out["check mode, one drift"] = measure([emulator], data, "drift")
    out["check mode, one drift"]["reported"] = data["messages"]
    emulator.clear()
    export_file = os.path.join(runner.workdir, impl + "-export.yml")
    if role:
        data = runner.run("cupi.telephony.export", inventory, home, ["-e", "cupi_export_file=" + export_file])
    else:
        data = runner.run(os.path.join(BENCH, "uri_export.yml"), inventory, home, ["-e", "export_file=" + export_file])
    out["export"] = measure([emulator], data, "export")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--auth-latency-ms", type=int, default=150)
    parser.add_argument("--reset-seconds", type=float, default=2.0)
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "performance.md"))
    parser.add_argument("--smoke", action="store_true",
                        help="no latency; the role's first apply and re-apply only; checks, writes no report")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (.tmp/bench)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is not met")
    parser.add_argument("--clusters", default="10,25",
                        help="cluster counts of the scale runs, comma-separated (forks = clusters); one cluster "
                             "always runs; default 10,25")
    parser.add_argument("--uri-clusters", type=int, default=0,
                        help="also run the uri playbook on this many clusters (for the 1/5 targets at that "
                             "scale; 25 clusters take about 8 minutes more on 2 CPUs); default none")
    args = parser.parse_args()
    args.clusters = [int(n) for n in args.clusters.split(",") if n.strip()]
    if args.smoke:
        args.latency_ms = args.auth_latency_ms = 0
        args.reset_seconds = 0.2
    began = time.time()
    workdir = os.path.join(ROOT, ".tmp", "bench-smoke" if args.smoke else "bench")
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    runner = Runner(workdir)
    emulators = []
    extra = ["--reset-seconds", str(args.reset_seconds)]

    def start(name, more=()):
        e = Emulator(workdir, name, args.latency_ms, args.auth_latency_ms, extra + list(more))
        emulators.append(e)
        return e

    failures = []
    try:
        with open(EXAMPLE) as handle:
            v = yaml.safe_load(handle)
        # -- the example: role and uri --------------------------------------------------
        results = collections.OrderedDict()
        impls = ["role"] if args.smoke else ["role", "uri playbook"]
        state_dir = os.path.join(workdir, "state")
        os.makedirs(state_dir)
        per_impl = {}
        for impl in impls:
            key = "role" if impl == "role" else "uri"
            e = start("emulator-" + key)
            inventory = runner.inventory([e], key)
            log("%s: first apply, re-apply%s" % (impl, "" if args.smoke else ", check mode with one drift, export"))
            per_impl[impl] = series(key, e, runner, os.path.join(workdir, "home-" + key), inventory,
                                    EXAMPLE_VARS, state_dir, args.smoke)
            e.stop()
        for impl, runs in per_impl.items():
            for scenario, m in runs.items():
                results.setdefault(scenario, collections.OrderedDict())[impl] = m
        # correctness the benchmark relies on
        for impl in impls:
            re_apply = results["re-apply"][impl]
            if re_apply["writes"]:
                failures.append("%s: the re-apply sent %d write(s)" % (impl, re_apply["writes"]))
        if not args.smoke:
            args.state_equal = (normalized_export(os.path.join(state_dir, "role.yml"))
                                == normalized_export(os.path.join(state_dir, "uri.yml")))
            if not args.state_equal:
                failures.append("the role and the uri playbook leave different end states (%s)" % state_dir)
            for impl in impls:
                reported = json.dumps(results["check mode, one drift"][impl].get("reported"))
                if DRIFT[0] not in reported:
                    failures.append("%s: check mode did not report the drift of %s" % (impl, DRIFT[0]))
                if results["check mode, one drift"][impl]["writes"]:
                    failures.append("%s: check mode sent a write" % impl)
        for scenario, most in REQUEST_BUDGETS.items():
            if results[scenario]["role"]["requests"] > most:
                failures.append("role: %d requests in the %s, more than %d" % (
                    results[scenario]["role"]["requests"], scenario, most))
        if args.smoke:
            m1, m2 = results["first apply"]["role"], results["re-apply"]["role"]
            log("smoke: first apply %d requests (%s), %.1f s; re-apply %d requests (%s), %.1f s"
                % (m1["requests"], fmt_methods(m1["methods"]), m1["wall"], m2["requests"],
                   fmt_methods(m2["methods"]), m2["wall"]))
            if m1["basic"] > 1 + m1["status_401"]:
                failures.append("role: %d Basic authentications in the first apply" % m1["basic"])
            failures += smoke_cpu_checks(m2)
            for f in failures:
                log("FAILED: " + f)
            log("smoke %s in %.0f s" % ("failed" if failures else "passed", time.time() - began))
            return 1 if failures else 0

        # -- calibration ------------------------------------------------------------------
        log("calibrating Ansible's own cost")
        calib_emulator = start("emulator-calibrate")
        calib = calibrate(runner, runner.inventory([calib_emulator], "calibrate"), os.path.join(workdir, "home-cal"))
        calib_emulator.stop()

        # -- scale: 250 ports -----------------------------------------------------------------
        scale = []
        log("scale: a port group with 250 ports")
        big = {"cupi_phone_systems": [{"name": "BENCH-PS", "port_groups": [
            {"name": "BENCH-SIP", "integration": "sip", "host": "10.9.9.9", "ports": {"count": 250}}]}]}
        big_file = os.path.join(workdir, "ports250.yml")
        with open(big_file, "w") as out:
            yaml.safe_dump(big, out)
        e = start("emulator-ports250")
        inventory = runner.inventory([e], "ports250")
        home = os.path.join(workdir, "home-ports250")
        e.clear()
        m = measure([e], runner.run("cupi.telephony.apply", inventory, home, ["-e", "@" + big_file]), "250 first")
        port_gets = sum(1 for x in m["entries"] if x["method"] == "GET" and x["path"] == "/vmrest/ports")
        port_posts = sum(1 for x in m["entries"] if x["method"] == "POST" and x["path"] == "/vmrest/ports")
        scale.append(("250 ports, first apply", m, "ports: %d POST, %d GET of /vmrest/ports" % (port_posts, port_gets)))
        if port_posts != 1:
            failures.append("250 ports took %d POSTs" % port_posts)
        e.clear()
        m = measure([e], runner.run("cupi.telephony.apply", inventory, home, ["-e", "@" + big_file]), "250 again")
        port_gets2 = sum(1 for x in m["entries"] if x["method"] == "GET" and x["path"] == "/vmrest/ports")
        scale.append(("250 ports, re-apply", m, "%d GET of /vmrest/ports (100 rows a page); floor %d requests"
                      % (port_gets2, sum(floor_reads(big).values()))))
        if m["writes"]:
            failures.append("250 ports: the re-apply sent %d write(s)" % m["writes"])
        e.stop()

        # -- scale: one cluster and more, with as many forks ---------------------------------
        def apply_twice(count, name, forks, profiled=False):
            """First apply and re-apply of the example on ``count`` new emulators at once (and,
            ``profiled``, one more re-apply with the collection's time accounting on)."""
            group = [start("emulator-%s-%02d" % (name, i + 1)) for i in range(count)]
            inventory = runner.inventory(group, name)
            home = os.path.join(workdir, "home-" + name)
            runs = []
            for label in ("", " again") + ((" profiled",) if profiled else ()):
                for c in group:
                    c.clear()
                runs.append(measure(group, runner.run("cupi.telephony.apply", inventory, home, EXAMPLE_VARS,
                                                      forks=forks, profile=bool(label == " profiled")),
                                    name + label))
            for c in group:
                c.stop()
            return runs

        counts = sorted(set([1] + args.clusters))
        largest = counts[-1]
        log("scale: %s" % ", ".join("one cluster" if n == 1 else "%d clusters with forks %d" % (n, n) for n in counts))
        by_count = {}
        for n in counts:
            by_count[n] = apply_twice(n, "cluster%d" % n, max(n, 10) if n == 1 else n, profiled=(n == 1))
        m1, m1b, m1p = by_count[1]
        # Ansible with nothing to do: the same number of tasks on 1 and on the most hosts.
        role_tasks = int(round(m1b["tasks"]))
        alone1 = ansible_alone(runner, role_tasks, 1, os.path.join(workdir, "home-alone"))
        alone_n = ansible_alone(runner, role_tasks, largest, os.path.join(workdir, "home-alone")) \
            if largest > 1 else alone1
        args.alone = (role_tasks, alone1, alone_n)
        scale += [("1 cluster, first apply", m1, ""), ("1 cluster, re-apply", m1b, "")]
        for n in counts[1:]:
            first, again = by_count[n][:2]
            scale += [("%d clusters, first apply" % n, first, "%.1fx one cluster's time" % (first["wall"] / m1["wall"])),
                      ("%d clusters, re-apply" % n, again, "%.1fx one cluster's time, %d writes"
                       % (again["wall"] / m1b["wall"], again["writes"]))]
        alone = [("Ansible alone, 1 host, %d tasks that do nothing" % role_tasks, alone1, "")]
        if largest > 1:
            alone.append(("Ansible alone, %d hosts, forks %d, %d tasks that do nothing" % (largest, largest, role_tasks),
                          alone_n, "%.1fx one host's time" % (alone_n["wall"] / alone1["wall"])))

        # -- the uri playbook on the most clusters (--uri-clusters) ----------------------------------
        uri_scale = None
        if args.uri_clusters:
            n = args.uri_clusters
            log("scale: the uri playbook on %d clusters with forks %d" % (n, n))
            group = [start("emulator-uri%d-%02d" % (n, i + 1)) for i in range(n)]
            inventory = runner.inventory(group, "uri%d" % n)
            uri_scale = []
            for label in ("first apply", "re-apply"):
                for c in group:
                    c.clear()
                uri_scale.append(measure(group, runner.run(os.path.join(BENCH, "uri_integration.yml"), inventory,
                                                           os.path.join(workdir, "home-uri%d" % n), EXAMPLE_VARS,
                                                           forks=n), "uri %d %s" % (n, label)))
            for c in group:
                c.stop()
            scale += [("uri playbook, %d clusters, first apply" % n, uri_scale[0], ""),
                      ("uri playbook, %d clusters, re-apply" % n, uri_scale[1], "")]

        # -- CPU: the profile of a re-apply against tasks that do nothing -----------------------
        profile_rows = task_profile(m1p["record"])
        noop_rows = task_profile(alone1)
        cpu_shares = shares(m1p["record"], profile_rows)
        # The role's CPU per task: the median of the three re-applies of one cluster (the
        # example's, the scale's, the profiled one).
        re_applies = [results["re-apply"]["role"], by_count[1][1], m1p]
        role_task_cpu = sorted(per_task_cpu(task_profile(m["record"])) for m in re_applies)[1]
        noop_task_cpu = per_task_cpu(noop_rows)
        args.cpu = {"profile": profile_rows, "noop": noop_rows, "shares": cpu_shares, "profiled": m1p,
                    "role_task": role_task_cpu, "noop_task": noop_task_cpu}

        # -- floors, targets, report ------------------------------------------------------------
        floors = dict((s, floor(s, v, results[s]["role"]["tasks"], calib, args.latency_ms, args.auth_latency_ms,
                                args.reset_seconds)) for s in results)
        role_re, uri_re = median(re_applies, "wall"), results["re-apply"]["uri playbook"]
        role_first, uri_first = results["first apply"]["role"], results["first apply"]["uri playbook"]
        latency = args.latency_ms / 1000.0
        floor_re1 = alone1["wall"] + floors["re-apply"]["requests"] * latency
        floor_re_n = alone_n["wall"] + floors["re-apply"]["requests"] * latency
        n_first, n_again = by_count[largest][:2]

        def fifth(role_m, uri_m):
            if uri_m is None:
                return "%.1f s; the uri playbook not run on %d clusters (--uri-clusters %d)" % (
                    role_m["wall"], largest, largest), None
            return ("%.1f s vs %.1f s (%.2f)" % (role_m["wall"], uri_m["wall"], role_m["wall"] / uri_m["wall"]),
                    role_m["wall"] <= uri_m["wall"] / 5)

        uri_n = dict(zip(("first apply", "re-apply"), uri_scale)) if uri_scale and args.uri_clusters == largest \
            else {"first apply": None, "re-apply": None}
        # The summary: wall and CPU per cluster of the role, the uri playbook and Ansible alone.
        args.cpu["summary"] = [("1 cluster, first apply", role_first, uri_first, alone1),
                               ("1 cluster, re-apply", role_re, uri_re, alone1)]
        if largest > 1:
            args.cpu["summary"] += [
                ("%d clusters, forks %d, first apply" % (largest, largest), n_first, uri_n["first apply"], alone_n),
                ("%d clusters, forks %d, re-apply" % (largest, largest), n_again, uri_n["re-apply"], alone_n)]
        # (name, measured, met: True / False / None when not measured)
        series_re = results["re-apply"]["role"]  # the budgets: the re-apply whose requests the report lists
        targets = [
            ("re-apply sends no write", "%d writes" % series_re["writes"], series_re["writes"] == 0),
            ("first apply of the example at most %d requests" % REQUEST_BUDGETS["first apply"],
             "%d" % role_first["requests"], role_first["requests"] <= REQUEST_BUDGETS["first apply"]),
            ("re-apply at most %d requests" % REQUEST_BUDGETS["re-apply"],
             "%d" % series_re["requests"], series_re["requests"] <= REQUEST_BUDGETS["re-apply"]),
            ("requests per first apply at most 1.5 x the floor's",
             "%d vs floor %d (%.2f x)" % (role_first["requests"], floors["first apply"]["requests"],
                                          role_first["requests"] / float(floors["first apply"]["requests"])),
             role_first["requests"] <= 1.5 * floors["first apply"]["requests"]),
            ("requests per re-apply at most 1.2 x the floor's",
             "%d vs floor %d (%.2f x)" % (series_re["requests"], floors["re-apply"]["requests"],
                                          series_re["requests"] / float(floors["re-apply"]["requests"])),
             series_re["requests"] <= 1.2 * floors["re-apply"]["requests"]),
            ("no identical GET sent twice with no change in between, in a first apply or a re-apply "
             "(but the reset's polls)",
             "%d and %d" % (len(waste_lines(role_first)), len(waste_lines(series_re))),
             not waste_lines(role_first) and not waste_lines(series_re)),
            ("250 ports converge with one POST", "%d POST of /vmrest/ports" % port_posts, port_posts == 1),
            ("re-apply of one cluster at most 1.5 x the floor (Ansible alone for the role's %d tasks + %d "
             "requests x %d ms; each the median of 3 runs)"
             % (role_tasks, floors["re-apply"]["requests"], args.latency_ms),
             "%.1f s vs %.1f s + %.2f s = %.1f s (%.1fx)" % (
                 role_re["wall"], alone1["wall"], floors["re-apply"]["requests"] * latency, floor_re1,
                 role_re["wall"] / floor_re1),
             role_re["wall"] <= 1.5 * floor_re1),
            ("the role's CPU per task at most 2 x a do-nothing task's (re-apply; each the median of 3 runs)",
             "%.0f ms vs %.0f ms (%.1fx); whole runs: %.2f s for %d tasks vs %.2f s" % (
                 role_task_cpu * 1000, noop_task_cpu * 1000, role_task_cpu / noop_task_cpu, role_re["cpu"],
                 len(profile_rows), alone1["cpu"]),
             role_task_cpu <= 2 * noop_task_cpu),
        ]
        if largest > 1:
            targets.append((
                "%d clusters (forks %d), re-apply, at most 2 x Ansible alone for the same tasks and hosts + "
                "the latency" % (largest, largest),
                "%.1f s vs %.1f s + %.2f s = %.1f s (%.1fx)" % (
                    n_again["wall"], alone_n["wall"], floors["re-apply"]["requests"] * latency, floor_re_n,
                    n_again["wall"] / floor_re_n),
                n_again["wall"] <= 2 * floor_re_n))
        for label, role_m, uri_m in (("first apply", role_first, uri_first), ("re-apply", role_re, uri_re)):
            measured, ok = fifth(role_m, uri_m)
            targets.append(("1 cluster, %s at most 1/5 of the uri playbook's time" % label, measured, ok))
        if largest > 1:
            for label, role_m in (("first apply", n_first), ("re-apply", n_again)):
                measured, ok = fifth(role_m, uri_n[label])
                targets.append(("%d clusters, %s at most 1/5 of the uri playbook's time" % (largest, label),
                                measured, ok))
        if 10 in by_count and largest != 10:
            m10 = by_count[10][0]
            targets.append(("ten clusters well under ten times one cluster's time",
                            "%.1f s vs %.1f s (%.1fx)" % (m10["wall"], m1["wall"], m10["wall"] / m1["wall"]),
                            m10["wall"] / m1["wall"] < 5))
        out_md = os.path.abspath(args.out)
        svg = os.path.splitext(out_md)[0] + ".svg"
        chart_rows = dict((s, dict(results[s], floor={"wall": floors[s]["seconds"]})) for s in results)
        svg_chart(chart_rows, svg)
        write_report(out_md, results, floors, scale, calib, targets, args, time.time() - began, alone)
        log("wrote %s and %s" % (os.path.relpath(out_md, ROOT), os.path.relpath(svg, ROOT)))
        for scenario, rows in results.items():
            for impl, m in rows.items():
                log("%-22s %-13s %3d requests (%s), Basic %d, 503 %d, tasks %g, %.1f s, CPU %.1f s" % (
                    scenario, impl, m["requests"], fmt_methods(m["methods"]), m["basic"], m["status_503"],
                    m["tasks"], m["wall"], m["cpu"]))
            log("%-22s %-13s %3d requests, %.1f s" % (scenario, "floor", floors[scenario]["requests"],
                                                      floors[scenario]["seconds"]))
        for name, m, _note in scale:
            log("%-45s %.1f s, CPU %.1f s (%.2f s a cluster)" % (name, m["wall"], m["cpu"], m["cpu_per_cluster"]))
        for name, data, _note in alone:
            log("%-45s %.1f s, CPU %.1f s" % (name, data["wall"], data["cpu"]))
        log("CPU a task, re-apply (median of 3): %.0f ms; a task that does nothing: %.0f ms" % (
            role_task_cpu * 1000, noop_task_cpu * 1000))
        for label, seconds in cpu_shares.items():
            log("  CPU %5.2f s  %s" % (seconds, label))
        for name, measured, ok in targets:
            log("target %s: %s: %s" % (name, TARGET_WORDS[ok], measured))
        for f in failures:
            log("FAILED: " + f)
        log("done in %.0f s" % (time.time() - began))
        if failures or (args.strict and any(target[2] is False for target in targets)):
            return 1
        return 0
    finally:
        for e in emulators:
            e.stop()
        if not args.keep and not failures:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
