# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action plugin behind every module: the module's logic in the controller's
own process, with no module shipped to a target and no interpreter discovery.

The options are validated against the module's own argument spec with
ArgumentSpecValidator (aliases, env fallbacks, defaults, types, choices), check
mode and diff come from the task, and every no_log value is removed from the
result. The logic below is the module's Runner, the same code AnsibleModule runs
in the module's ``main()``.
"""

from __future__ import annotations

import contextlib
import importlib
import os

from ansible import constants as C
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase

from ansible_collections.cupi.telephony.plugins.module_utils import profile
from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure, argument_errors, merge_settings
from ansible_collections.cupi.telephony.plugins.module_utils.connection import connection_argspec

MODULES_PACKAGE = "ansible_collections.cupi.telephony.plugins.modules"
FILTERS_PACKAGE = "ansible_collections.cupi.telephony.plugins.filter"
GROUP_NAMES = ("cupi.telephony.cupi", "cupi")


def import_once():
    """Import every module's Runner and the role's filters into this process. Ansible
    imports this file in its main process (the strategy loads a task's action plugin before
    it forks the task's worker) and forks a worker per task and host;
    a worker imports a collection's Python file from source, with no bytecode cache (some 5
    to 20 ms a file). Imported here, before the fork, each file is compiled once a run
    instead of once per task and host: the workers inherit it (docs/performance.md). A file
    that cannot be imported is left out: only the task that uses it fails, on its own."""
    for package in (MODULES_PACKAGE, FILTERS_PACKAGE):
        for folder in importlib.import_module(package).__path__:
            for name in sorted(os.listdir(folder)):
                if name.endswith(".py") and not name.startswith("_"):
                    try:
                        importlib.import_module("%s.%s" % (package, name[:-3]))
                    except Exception:  # pylint: disable=broad-except
                        pass  # the task that uses it imports it again, and fails there, alone


class CupiActionBase(ActionBase):
    """Every module's action plugin (plugins/action/<module>.py is this class): it runs the
    module the task names; a subclass may name one instead (``module_name = 'ports'``)."""

    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True
    _supports_async = False
    module_name = None

    def runner_class(self):
        """The Runner of the module the task names (its action is routed here, meta/runtime.yml)."""
        if self.module_name is None:
            self.module_name = self._task.action.rsplit(".", 1)[-1]  # cupi.telephony.ports: ports
        return importlib.import_module("%s.%s" % (MODULES_PACKAGE, self.module_name)).Runner

    def _task_environment(self):
        """The task's ``environment:`` keyword, so that CUPI_* set there reach the
        env fallbacks as they would reach a module on a target."""
        environments = self._task.environment or []
        if not isinstance(environments, list):
            environments = [environments]
        merged = {}
        for environment in reversed(environments):
            environment = self._templar.template(environment)
            if isinstance(environment, dict):
                merged.update((str(k), str(v)) for k, v in environment.items())
        return merged

    def _module_defaults(self):
        """The options ``module_defaults`` sets for the collection's action group, and those it
        sets for this module."""
        groups, own = {}, {}
        for defaults in self._task.module_defaults or []:
            for key, values in (defaults or {}).items():
                if key.startswith("group/") and key.split("/", 1)[1] in GROUP_NAMES:
                    options = groups
                elif key == "cupi.telephony." + self.module_name:
                    options = own
                else:
                    continue
                if isinstance(values, str):  # one template for the whole group (the integration role's)
                    values = self._templar.template(values)
                if isinstance(values, dict):
                    options.update(values)
        return groups, own

    def _refusal(self, runner_cls, parameters):
        """What refuses the task before its options are validated, or None; it names options,
        never a value. The group's defaults reach every module: only connection options belong
        there; one that is also a module's own option (a port group's ``host``) would silently
        become it. Then ``settings`` is folded into ``parameters``, each key to be validated as
        its option; it overrides what module_defaults set, as the task's own options do."""
        groups, own = self._module_defaults()
        mixed = sorted(set(groups) & set(runner_cls.argument_spec))
        if mixed:
            return ("%s is set in module_defaults for group/cupi.telephony.cupi, where only connection options "
                    "belong (%s): as an option of cupi.telephony.%s it belongs in the task. The Unity Connection "
                    "server is hostname." % (", ".join(mixed), ", ".join(connection_argspec()), self.module_name))
        return merge_settings(parameters, runner_cls, dict(groups, **own))

    @profile.task
    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp
        runner_cls = self.runner_class()
        parameters = dict(self._task.args)
        error = self._refusal(runner_cls, parameters)
        if error:
            result.update(failed=True, msg=error)
            return result
        validator = ArgumentSpecValidator(runner_cls.full_argument_spec(), **runner_cls.validator_options())
        with _environment(self._task_environment()):
            validation = _validate(validator, parameters)
        no_log_values = validation._no_log_values
        for warning in validation._warnings:
            self._display.warning(
                "Both option %s and its alias %s are set." % (warning["option"], warning["alias"]))
        if validation.error_messages:
            result.update(failed=True, msg=argument_errors(validation, self.module_name))
            return remove_values(result, no_log_values)

        # The controller's local temporary folder is made once per run of ansible-playbook:
        # it names the run, so that the tasks of one run share the lists they read.
        runner = runner_cls(validation.validated_parameters, check_mode=bool(self._task.check_mode),
                            diff=bool(self._task.diff), run_id=C.DEFAULT_LOCAL_TMP,
                            ansible_home=getattr(C, "ANSIBLE_HOME", None))
        try:
            with _environment(self._task_environment()):  # CUPI_RUN_CACHE_VERIFY set on the task
                result.update(runner.execute())
        except ModuleFailure as exc:
            result.update(exc.kwargs)
            result.update(failed=True, msg=exc.msg)
        if runner.warnings:
            result["warnings"] = list(result.get("warnings", [])) + runner.warnings
        return remove_values(result, no_log_values)


@profile.timed("validate")
def _validate(validator, parameters):
    return validator.validate(parameters)


@contextlib.contextmanager
def _environment(values):
    """os.environ with ``values`` set, for the validation and the run of one task (one worker
    process, one task at a time)."""
    saved = dict((k, os.environ.get(k)) for k in values)
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


import_once()
