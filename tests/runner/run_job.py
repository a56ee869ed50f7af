# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the example integration the way an AWX / Automation Controller job template does.

``make runner-test`` starts an emulator and runs this script with the Python of
.venv-ecosystem (ansible-core, ansible-runner and the collection's Python dependencies: the
stand-in for an execution environment). The script

1. checks the credential type (extensions/awx/credential_type.yml) against the rules AWX
   applies to custom credential types;
2. renders its injectors as AWX does for a credential pointing at the emulator: the file
   injector into a temporary file under ``<private data dir>/env`` (0600), the env
   injectors with a sandboxed Jinja2 environment, missing boolean inputs as false, empty
   inputs as undefined;
3. lays out a private data dir as AWX hands it to ansible-runner: ``project/`` (a project
   whose playbook imports ``cupi.telephony.apply``), ``inventory/hosts`` (one host per Unity
   Connection cluster, in the group that ``cupi_hosts`` names), ``env/extravars`` (the job
   template's extra vars: examples/integration.yml, and ``vault_axl_password``, which the
   example needs and has no default for: in AWX a survey's password answer or vaulted
   project vars), ``env/envvars`` (the credential's injected variables and the collections
   path AWX installs the project's collections to);
4. installs the built collection tarball there, like a project sync with
   ``collections/requirements.yml``;
5. runs the job twice with ansible-runner: the first run must succeed and change
   something, the second must succeed and change nothing (idempotent), no CUPI_*
   variable of the calling shell may leak in (the credential alone connects), and the AXL
   password must not show in the job's output.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

import yaml
from jinja2 import sandbox

# AWX refuses these environment variables in custom injectors (plus anything ANSIBLE_*
# that is not an allowed setting); the CUPI_* names must stay clear of them.
AWX_ENV_BLOCKLIST = {
    "VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID",
    "INVENTORY_UPDATE_ID", "AD_HOC_COMMAND_ID", "REST_API_URL", "REST_API_TOKEN",
    "MAX_EVENT_RES", "CALLBACK_QUEUE", "CALLBACK_CONNECTION", "CACHE", "JOB_CALLBACK_DEBUG",
    "INVENTORY_HOSTVARS", "AWX_HOST", "PROJECT_REVISION", "SUPERVISOR_WEB_CONFIG_PATH",
}
FIELD_TYPES = {"string", "boolean"}
FIELD_KEYS = {"id", "label", "type", "help_text", "secret", "multiline", "choices", "default",
              "format", "ask_at_runtime"}
EXPECTED_ENV = {"CUPI_HOSTNAME", "CUPI_PORT", "CUPI_USERNAME", "CUPI_PASSWORD", "CUPI_VALIDATE_CERTS",
                "CUPI_CA_PATH"}
GROUP = "cuc_clusters"
# The example's AXL password (examples/integration.yml has no default for it): a test value,
# given as AWX gives a survey's password answer, in the extra vars.
AXL_PASSWORD = "Runner-axl-pw-1"


def fail(message):
    print("runner-test: FAIL: %s" % message, file=sys.stderr)
    sys.exit(1)


def check_credential_type(ctype):
    """The checks AWX makes when a custom credential type is created (and a few of ours)."""
    for key in ("name", "kind", "inputs", "injectors"):
        if key not in ctype:
            fail("credential type: missing %r" % key)
    if ctype["kind"] not in ("cloud", "net"):
        fail("credential type: custom types must be of kind cloud or net, not %r" % ctype["kind"])
    fields = ctype["inputs"].get("fields", [])
    ids = [field.get("id") for field in fields]
    if len(set(ids)) != len(ids):
        fail("credential type: duplicate field ids in %s" % ids)
    for field in fields:
        if not re.match(r"^[a-zA-Z_][a-zA-Z0-9_]*$", field.get("id", "")):
            fail("credential type: field id %r is not a valid identifier" % field.get("id"))
        if field.get("type", "string") not in FIELD_TYPES:
            fail("credential type: field %s has type %r" % (field["id"], field.get("type")))
        if set(field) - FIELD_KEYS:
            fail("credential type: field %s has unknown keys %s" % (field["id"], sorted(set(field) - FIELD_KEYS)))
        if "label" not in field:
            fail("credential type: field %s has no label" % field["id"])
        if "choices" in field and field.get("default") not in field["choices"] + [None]:
            fail("credential type: default of %s is not one of its choices" % field["id"])
    for name in ctype["inputs"].get("required", []):
        if name not in ids:
            fail("credential type: required field %s is not defined" % name)
    env = ctype["injectors"].get("env", {})
    for name in env:
        if name in AWX_ENV_BLOCKLIST or name.startswith("ANSIBLE_"):
            fail("credential type: AWX refuses to inject %s" % name)
    if set(env) != EXPECTED_ENV:
        fail("credential type: injects %s, expected %s" % (sorted(env), sorted(EXPECTED_ENV)))
    secret = {field["id"] for field in fields if field.get("secret")}
    if secret != {"password"}:
        fail("credential type: secret fields are %s, expected the password only" % sorted(secret))
    return fields


class Namespace:
    """AWX's ``tower`` namespace: ``tower.filename`` is the file injector's path."""


def inject(ctype, fields, inputs, private_data_dir):
    """Render the injectors for a credential with these inputs, as AWX does."""
    namespace = {}
    tower = Namespace()
    for name, value in inputs.items():
        if isinstance(value, bool) or len(value):
            namespace[name] = value
    for field in fields:
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = False
    namespace["tower"] = tower
    env_dir = os.path.join(private_data_dir, "env")
    os.makedirs(env_dir, exist_ok=True)
    jinja = sandbox.ImmutableSandboxedEnvironment()
    for label, template in ctype["injectors"].get("file", {}).items():
        handle, path = tempfile.mkstemp(dir=env_dir)
        with os.fdopen(handle, "w") as stream:
            stream.write(jinja.from_string(template).render(**namespace))
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        if "." in label:
            if not isinstance(getattr(tower, "filename", None), Namespace):
                tower.filename = Namespace()
            setattr(tower.filename, label.split(".", 1)[1], path)
        else:
            tower.filename = path
    return {name: jinja.from_string(template).render(**namespace)
            for name, template in ctype["injectors"].get("env", {}).items()}


def write_yaml(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as stream:
        yaml.safe_dump(data, stream, default_flow_style=False, sort_keys=False)


def lay_out(args, envvars):
    """The private data dir AWX gives ansible-runner for a job of this template."""
    pdd = args.private_data_dir
    project = os.path.join(pdd, "project")
    os.makedirs(project, exist_ok=True)
    with open(os.path.join(project, "integration.yml"), "w") as stream:
        stream.write("---\n# The job template's playbook: the collection's apply playbook.\n"
                     "- name: Apply the telephony integration\n"
                     "  ansible.builtin.import_playbook: cupi.telephony.apply\n")
    with open(os.path.join(args.example)) as stream:
        extravars = yaml.safe_load(stream)
    extravars["cupi_hosts"] = GROUP
    extravars["vault_axl_password"] = AXL_PASSWORD
    write_yaml(os.path.join(pdd, "env", "extravars"), extravars)
    # One host per Unity Connection cluster; its connection comes from the credential.
    write_yaml(os.path.join(pdd, "inventory", "hosts.yml"),
               {"all": {"children": {GROUP: {"hosts": {"cuc-lab": {"ansible_connection": "local",
                                                                   "ansible_python_interpreter": sys.executable}}}}}})
    collections = os.path.join(pdd, "requirements_collections")
    galaxy = os.path.join(os.path.dirname(sys.executable), "ansible-galaxy")
    subprocess.run([galaxy, "collection", "install", "--force", "-p", collections, args.tarball], check=True,
                   stdout=subprocess.DEVNULL, env=dict(clean_environ(), ANSIBLE_COLLECTIONS_PATH=collections))
    envvars = dict(envvars, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_FORCE_COLOR="0",
                   ANSIBLE_NOCOLOR="1", HOME=os.path.join(pdd, "home"))
    os.makedirs(envvars["HOME"], exist_ok=True)
    write_yaml(os.path.join(pdd, "env", "envvars"), envvars)
    write_yaml(os.path.join(pdd, "env", "settings"), {"suppress_ansible_output": True, "job_timeout": 600})


def clean_environ():
    """The calling shell's environment less what AWX would not pass: CUPI_* and the
    collections path of the source checkout."""
    return {name: value for name, value in os.environ.items()
            if not name.startswith("CUPI_") and name not in ("ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_PATHS")}


def run(pdd, ident):
    import ansible_runner  # pylint: disable=import-outside-toplevel

    result = ansible_runner.run(private_data_dir=pdd, playbook="integration.yml", ident=ident,
                                inventory=os.path.join(pdd, "inventory"), quiet=True)
    stdout = os.path.join(pdd, "artifacts", ident, "stdout")
    with open(stdout) as stream:
        output = stream.read()
    if result.status != "successful" or result.rc != 0:
        sys.stderr.write(output[-8000:])
        fail("job %s: status %s, rc %s (output: %s)" % (ident, result.status, result.rc, stdout))
    if AXL_PASSWORD in output:
        fail("job %s: the AXL password shows in the job's output (%s)" % (ident, stdout))
    stats = result.stats or {}
    changed = sum(stats.get("changed", {}).values())
    ok = sum(stats.get("ok", {}).values())
    hosts = sorted(stats.get("ok", {}))
    print("runner-test: job %s: %s, hosts %s, ok=%d changed=%d" % (ident, result.status, hosts, ok, changed))
    return hosts, changed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--credential-type", required=True)
    parser.add_argument("--tarball", required=True, help="the built collection (ansible-galaxy collection build)")
    parser.add_argument("--example", required=True, help="the job template's extra vars")
    parser.add_argument("--private-data-dir", required=True)
    parser.add_argument("--hostname", required=True)
    parser.add_argument("--port", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--ca", required=True, help="PEM file of the CA that signed the server certificate")
    args = parser.parse_args()

    tarballs = glob.glob(args.tarball)
    if len(tarballs) != 1:
        fail("expected one collection tarball at %s, found %s" % (args.tarball, tarballs))
    args.tarball = tarballs[0]
    shutil.rmtree(args.private_data_dir, ignore_errors=True)
    os.makedirs(args.private_data_dir)

    with open(args.credential_type) as stream:
        ctype = yaml.safe_load(stream)
    fields = check_credential_type(ctype)
    with open(args.ca) as stream:
        inputs = {"hostname": args.hostname, "port": args.port, "username": args.username,
                  "password": args.password, "validate_certs": "true", "ca_certificate": stream.read()}
    envvars = inject(ctype, fields, inputs, args.private_data_dir)

    # The same credential without the optional inputs: safe defaults, no CA file path.
    bare = inject(ctype, fields, {"hostname": "h", "username": "u", "password": "p"},
                  os.path.join(args.private_data_dir, "bare"))
    expected_bare = {"CUPI_PORT": "443", "CUPI_VALIDATE_CERTS": "true", "CUPI_CA_PATH": ""}
    if {name: bare[name] for name in expected_bare} != expected_bare:
        fail("credential without optional inputs injects %s" % bare)
    shutil.rmtree(os.path.join(args.private_data_dir, "bare"))
    ca_file = envvars["CUPI_CA_PATH"]
    if not ca_file or stat.S_IMODE(os.stat(ca_file).st_mode) != 0o600:
        fail("the CA file injector did not write a 0600 file: %r" % ca_file)
    print("runner-test: credential type ok; injected %s (CA in %s)"
          % (", ".join(sorted(envvars)), os.path.relpath(ca_file, args.private_data_dir)))

    for name in set(os.environ) - set(clean_environ()):
        del os.environ[name]
    lay_out(args, envvars)
    first_hosts, first = run(args.private_data_dir, "first")
    second_hosts, second = run(args.private_data_dir, "second")
    if first_hosts != ["cuc-lab"] or second_hosts != ["cuc-lab"]:
        fail("the job did not run on the inventory host cuc-lab (cupi_hosts=%s): %s" % (GROUP, first_hosts))
    if first == 0:
        fail("the first run changed nothing: was the emulator empty?")
    if second != 0:
        fail("the second run changed %d things: not idempotent" % second)
    print(json.dumps({"runner_test": "passed", "first_changed": first, "second_changed": second}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
