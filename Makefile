# Build and test tooling of the cupi.telephony collection (repository root = collection root).
# Every target bootstraps what it needs from a fresh clone: `make test` is what CI runs.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
# `make test` runs its steps in order and stops at the first failure, even under -j.
.NOTPARALLEL:

# Python 3.12: pyenv's 3.12.1, else python3.12 on PATH (ansible-core 2.20+ needs 3.12+).
PYENV_PYTHON := $(shell pyenv root 2>/dev/null)/versions/3.12.1/bin/python3
PYTHON312 ?= $(or $(wildcard $(PYENV_PYTHON)),$(shell command -v python3.12 2>/dev/null))

VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp
TMP := $(CURDIR)/.tmp
# ansible-test only runs inside .../ansible_collections/<namespace>/<name>/: build/ holds a
# collection root whose cupi/telephony entry is a symlink to this repository.
COLLECTIONS_ROOT := $(CURDIR)/build
COLLECTION_LINK := $(COLLECTIONS_ROOT)/ansible_collections/cupi/telephony
EMULATOR_SOURCES := $(shell find emulator/src -type f ! -path '*/__pycache__/*' ! -path '*.egg-info/*' ! -name '*.py[co]' 2>/dev/null)

export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS_ROOT)
# ansible-test normally takes the collection from the working directory, which the kernel
# reports with the symlink resolved; this tells it the path under ansible_collections/.
ANSIBLE_TEST := cd $(COLLECTION_LINK) && ANSIBLE_TEST_CONTENT_ROOT=$(COLLECTION_LINK) ansible-test

# The emulator is its own pip package, not collection content (galaxy.yml's build_ignore
# keeps it out of the artifact): ansible-test sanity checks what the collection ships.
SANITY_EXCLUDE ?= emulator/

# Extra arguments, e.g. `make sanity SANITY_ARGS='--test pylint'`,
# `make integration INTEGRATION_ARGS='phone_system -v'`, `make units PYTEST_ARGS='-k axl'`.
SANITY_ARGS ?=
INTEGRATION_ARGS ?=
PYTEST_ARGS ?=
# make integration and make molecule run in the run cache's verify mode (CUPI_RUN_CACHE_VERIFY=1:
# every list the run cache serves is read from the server too, a difference fails the task).
RUN_CACHE_VERIFY ?= 1

.PHONY: help setup tree pip-bootstrap sanity lint units integration molecule test demo emulator clean

help:
	@echo 'make setup          create .venv (Python 3.12, pinned tools, the emulator) and build/'
	@echo 'make test           what CI runs, in order: setup, sanity, lint, units, integration, molecule,'
	@echo '                    docs-lint, galaxy-import, ee, runner-test, bench-smoke'
	@echo 'make sanity         ansible-test sanity'
	@echo 'make lint           ansible-lint (production profile) and antsibull-changelog lint'
	@echo 'make units          pytest tests/unit and emulator/tests'
	@echo 'make integration    ansible-test integration against a TLS emulator, run cache verified'
	@echo 'make molecule       molecule scenarios (extensions/molecule) against a TLS emulator, run cache verified'
	@echo 'make docs           render docs/reference with antsibull-docs'
	@echo 'make docs-lint      antsibull-docs lint, docs/reference up to date, links of README.md and docs/*.md,'
	@echo '                    the output samples of README.md and docs/getting-started.md up to date'
	@echo 'make readme-demo    write the output samples of README.md and docs/getting-started.md (tools/readme_demo.py)'
	@echo 'make galaxy-import  build dist/ and run galaxy-importer on it'
	@echo 'make ee             the execution environment build context (ansible-builder create)'
	@echo 'make runner-test    the example as an AWX job runs it (ansible-runner) against an emulator'
	@echo 'make bench-smoke    the role apply and re-apply against an emulator, no latency'
	@echo 'make bench          the benchmark (requests, time, CPU); writes docs/performance.md (not part of make test)'
	@echo 'make test-live      integration and molecule against a real Unity Connection (CUPI_* variables)'
	@echo 'make test-compat    units and integration on ansible-core 2.16, 2.19 and 2.21'
	@echo 'make release        changelog and CHANGELOG.rst for the version in galaxy.yml'
	@echo 'make demo           apply, re-apply and export the example against the emulator'
	@echo 'make emulator       run the emulator in the foreground on https://127.0.0.1:8443'
	@echo 'make clean          remove .venv, build/, .tmp/ and test output'

setup: $(STAMP) tree pip-bootstrap

$(STAMP): requirements-dev.txt constraints.txt requirements.txt emulator/pyproject.toml $(EMULATOR_SOURCES)
	@if [ -z "$(PYTHON312)" ]; then \
	  echo "error: Python 3.12 not found: install it with pyenv (pyenv install 3.12.1) or put python3.12 on PATH" >&2; \
	  exit 1; \
	fi
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))'; then \
	  echo "Recreating $(VENV): it does not run Python 3.12"; rm -rf $(VENV); \
	fi
	@[ -x $(BIN)/python ] || { echo "Creating $(VENV) with $(PYTHON312)"; "$(PYTHON312)" -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt ./emulator
	@touch $@

# The collection tree ansible-test, ansible and pytest import from (cheap; always checked).
tree:
	@mkdir -p $(dir $(COLLECTION_LINK))
	@[ "$$(readlink $(COLLECTION_LINK))" = ../../.. ] || { rm -rf $(COLLECTION_LINK); ln -s ../../.. $(COLLECTION_LINK); }

# ansible-test bootstraps pip in its virtual environments with a get-pip script it downloads
# from a host that is not reachable here; install an offline stand-in in its cache.
pip-bootstrap: $(STAMP)
	@$(BIN)/python tools/ansible_test_pip_bootstrap.py --wheels $(TMP)/wheels

sanity: setup
	@[ -e .git ] || { echo "error: ansible-test sanity lists the files to test with git: run it in a git checkout" >&2; exit 1; }
	$(ANSIBLE_TEST) sanity --python 3.12 $(addprefix --exclude ,$(SANITY_EXCLUDE)) $(SANITY_ARGS)

lint: setup
	ansible-lint
	antsibull-changelog lint

units: setup
	@ran=; failed=; \
	if [ -d tests/unit ]; then \
	  ran=1; PYTHONPATH=$(COLLECTIONS_ROOT) pytest tests/unit $(PYTEST_ARGS) || [ $$? = 5 ] || failed=1; \
	fi; \
	if [ -d emulator/tests ]; then \
	  ran=1; (cd emulator && pytest tests $(PYTEST_ARGS)) || [ $$? = 5 ] || failed=1; \
	fi; \
	[ -n "$$ran" ] || echo "no unit tests yet"; \
	[ -z "$$failed" ]

integration: setup
	@if ! compgen -G 'tests/integration/targets/*/aliases' > /dev/null; then \
	  echo "no integration targets yet"; exit 0; \
	fi; \
	export CUPI_EMULATOR_DIR=$(TMP)/emulator-integration CUPI_RUN_CACHE_VERIFY=$(RUN_CACHE_VERIFY); \
	trap '$(CURDIR)/tools/emulator.sh stop' EXIT; \
	tools/emulator.sh start; \
	tools/emulator.sh integration-config > tests/integration/integration_config.yml; \
	$(ANSIBLE_TEST) integration --controller origin:python=3.12@$(BIN)/python $(INTEGRATION_ARGS)

# Run from the collection root (galaxy.yml), molecule takes its scenarios from
# extensions/molecule/*/; each resets the emulator in its cleanup step.
molecule: setup
	@if ! compgen -G 'extensions/molecule/*/molecule.yml' > /dev/null; then \
	  echo "no molecule scenarios yet"; exit 0; \
	fi; \
	export CUPI_EMULATOR_DIR=$(TMP)/emulator-molecule CUPI_RUN_CACHE_VERIFY=$(RUN_CACHE_VERIFY); \
	trap '$(CURDIR)/tools/emulator.sh stop' EXIT; \
	tools/emulator.sh start; \
	eval "$$(tools/emulator.sh env)"; \
	molecule test --all

test: setup sanity lint units integration molecule docs-lint galaxy-import ee runner-test bench-smoke

# apply, apply again (changed=0), drift, repair, export against a TLS emulator (tools/demo.sh).
demo: setup
	@tools/demo.sh

emulator: setup
	@mkdir -p $(TMP)
	cupi-emulator --host 127.0.0.1 --port 8443 --tls --ca-out $(TMP)/ca.pem

clean:
	-@for d in .tmp/emulator*/; do [ ! -d "$$d" ] || CUPI_EMULATOR_DIR=$(CURDIR)/$$d tools/emulator.sh stop; done
	rm -rf $(VENV) build .tmp tests/output tests/integration/integration_config.yml tests/integration/inventory \
	  collections .ansible \
	  emulator/build emulator/src/*.egg-info .pytest_cache emulator/.pytest_cache

# ---------------------------------------------------------------------------------------------
# Documentation, Galaxy, AWX / Automation Controller, ansible-core versions, releases
# (docs/maintainers.md). The ecosystem tools live in .venv-ecosystem (requirements-ecosystem.txt);
# the compatibility runs in .venv-2.16 and .venv-2.19 (requirements-compat-*.txt).
# ---------------------------------------------------------------------------------------------
ECO_VENV := $(CURDIR)/.venv-ecosystem
ECO_BIN := $(ECO_VENV)/bin
ECO_STAMP := $(ECO_VENV)/.stamp
DIST := $(CURDIR)/dist
DOCS_REFERENCE := docs/reference
ANTSIBULL_DOCS_RENDER := antsibull-docs collection --use-current --squash-hierarchy --output-format simplified-rst \
  --cleanup everything
# Python 3.11 for ansible-core 2.16 and 2.19 (2.16 supports 3.10-3.12, 2.19 3.11-3.13).
PYENV_PYTHON311 := $(shell pyenv root 2>/dev/null)/versions/3.11.7/bin/python3
PYTHON311 ?= $(or $(wildcard $(PYENV_PYTHON311)),$(shell command -v python3.11 2>/dev/null))
COMPAT_VERSIONS := 2.16 2.19

.PHONY: docs docs-lint readme-demo galaxy-build galaxy-import ee runner-test test-live test-compat \
  $(addprefix compat-,$(COMPAT_VERSIONS)) compat-2.21 release ecosystem

$(ECO_STAMP): requirements-ecosystem.txt
	@[ -n "$(PYTHON312)" ] || { echo "error: Python 3.12 not found" >&2; exit 1; }
	@[ -x $(ECO_BIN)/python ] || "$(PYTHON312)" -m venv $(ECO_VENV)
	$(ECO_BIN)/python -m pip install --quiet --upgrade pip
	$(ECO_BIN)/python -m pip install --quiet -r requirements-ecosystem.txt
	@touch $@

ecosystem: $(ECO_STAMP)

# Module, plugin and role documentation, rendered by antsibull-docs into docs/reference/
# (kept in git so that it reads on the forge; docs-lint fails when it is stale).
docs: setup
	@mkdir -p $(DOCS_REFERENCE)
	$(ANTSIBULL_DOCS_RENDER) --dest-dir $(DOCS_REFERENCE) cupi.telephony

# antsibull-docs' linter (schemas, markup, references, RST of every plugin and role),
# docs/reference up to date, every relative link of README.md and docs/*.md resolving, and the
# output samples of README.md and docs/getting-started.md those of the current version.
docs-lint: setup
	cd $(COLLECTION_LINK) && antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all \
	  --disallow-unknown-collection-refs .
	@rm -rf $(TMP)/docs-check && mkdir -p $(TMP)/docs-check
	@$(ANTSIBULL_DOCS_RENDER) --dest-dir $(TMP)/docs-check cupi.telephony > /dev/null
	@diff -r $(TMP)/docs-check $(DOCS_REFERENCE) > $(TMP)/docs-check.diff || { \
	  echo "error: $(DOCS_REFERENCE) is stale (diff in $(TMP)/docs-check.diff): run make docs and commit it" >&2; exit 1; }
	python tests/runner/check_links.py README.md docs/*.md
	python tools/readme_demo.py --check
	@echo "docs-lint: ok"

# The output samples of README.md and docs/getting-started.md, from a run of tools/demo.sh
# against an emulator of its own (tools/readme_demo.py; docs-lint fails while they are stale).
readme-demo: setup
	python tools/readme_demo.py

# The Galaxy artifact, dist/cupi-telephony-<version>.tar.gz: no warning from ansible-galaxy,
# and nothing of the development machinery inside.
galaxy-build: setup
	@rm -rf $(DIST) && mkdir -p $(DIST)
	@ansible-galaxy collection build --force --output-path $(DIST) . 2>&1 | tee $(TMP)/galaxy-build.log
	@! grep -qi 'warning' $(TMP)/galaxy-build.log || { echo "error: ansible-galaxy collection build warned" >&2; exit 1; }
	python tests/runner/check_tarball.py $(DIST)/cupi-telephony-*.tar.gz

# galaxy-importer, the checks Galaxy runs on an upload (ansible-doc, ansible-lint, flake8,
# metadata, role READMEs), offline; its ansible-test step needs containers and is off
# (RUN_ANSIBLE_TEST=False in tests/runner/galaxy-importer.cfg). Fails on any warning or error.
galaxy-import: galaxy-build $(ECO_STAMP)
	@rm -rf $(TMP)/galaxy-importer && mkdir -p $(TMP)/galaxy-importer
	@cd $(TMP)/galaxy-importer && env -u ANSIBLE_COLLECTIONS_PATH PATH=$(ECO_BIN):$$PATH \
	  GALAXY_IMPORTER_CONFIG=$(CURDIR)/tests/runner/galaxy-importer.cfg GALAXY_IMPORTER_TMP_ROOT_DIR=$(TMP)/galaxy-importer \
	  $(ECO_BIN)/python -m galaxy_importer.main $(DIST)/cupi-telephony-*.tar.gz > $(TMP)/galaxy-importer.log 2>&1 \
	  || { grep -v '^{' $(TMP)/galaxy-importer.log >&2; echo "error: galaxy-importer failed" >&2; exit 1; }
	@if grep -v '^{' $(TMP)/galaxy-importer.log | grep -E '^(WARNING|ERROR)|warning:|error:' >&2; then \
	  echo "error: galaxy-importer reported the above (log: $(TMP)/galaxy-importer.log)" >&2; exit 1; fi
	@grep -v '^{' $(TMP)/galaxy-importer.log | tail -n 2

# The execution environment's build context (ansible-builder v3; `create` needs no container
# runtime). Build the image from it with: ansible-builder build -t cupi-telephony-ee ...
ee: galaxy-build $(ECO_STAMP)
	@rm -rf $(TMP)/ee
	$(ECO_BIN)/ansible-builder create --file execution-environment.yml --context $(TMP)/ee --output-filename Containerfile 2>&1 | tee $(TMP)/ee.log
	@! grep -qi 'warning' $(TMP)/ee.log || { echo "error: ansible-builder warned" >&2; exit 1; }
	@test -s $(TMP)/ee/Containerfile && compgen -G '$(TMP)/ee/_build/collections/cupi-telephony-*.tar.gz' > /dev/null \
	  && test -s $(TMP)/ee/_build/requirements.txt \
	  || { echo "error: the EE build context lacks its Containerfile, the collection or requirements.txt" >&2; exit 1; }
	@echo "ee: build context in $(TMP)/ee"

# The example integration as an AWX job template runs it: ansible-runner, a project folder,
# an inventory (one host per cluster), the credential type's injectors (env vars and the CA
# file), the built collection; against an emulator of its own. Twice: the second changes nothing.
runner-test: setup galaxy-build $(ECO_STAMP)
	@export CUPI_EMULATOR_DIR=$(TMP)/emulator-runner; \
	trap '$(CURDIR)/tools/emulator.sh stop' EXIT; \
	tools/emulator.sh start; \
	eval "$$(tools/emulator.sh env)"; \
	PATH=$(ECO_BIN):$$PATH $(ECO_BIN)/python tests/runner/run_job.py \
	  --credential-type extensions/awx/credential_type.yml --tarball '$(DIST)/cupi-telephony-*.tar.gz' \
	  --example examples/integration.yml --private-data-dir $(TMP)/runner \
	  --hostname "$$CUPI_HOSTNAME" --port "$$CUPI_PORT" --username "$$CUPI_USERNAME" --password "$$CUPI_PASSWORD" \
	  --ca "$$CUPI_CA_PATH"

# The integration targets and the molecule scenarios against a real Unity Connection named by
# the CUPI_* variables (docs/maintainers.md): no emulator, no emulator-only assertions.
test-live: setup
	@for v in CUPI_HOSTNAME CUPI_USERNAME CUPI_PASSWORD; do \
	  [ -n "$${!v:-}" ] || { echo "error: test-live needs $$v (and optionally CUPI_PORT, CUPI_CA_PATH, CUPI_VALIDATE_CERTS)" >&2; exit 1; }; \
	done
	@unset CUPI_EMULATOR_URL; \
	python tests/runner/live_config.py > tests/integration/integration_config.yml; \
	$(ANSIBLE_TEST) integration --controller origin:python=3.12@$(BIN)/python $(INTEGRATION_ARGS); \
	if compgen -G 'extensions/molecule/*/molecule.yml' > /dev/null; then molecule test --all; fi

# Unit tests and integration targets on every supported ansible-core: 2.16 and 2.19 in
# .venv-2.16 / .venv-2.19 (Python 3.11, requirements-compat-<version>.txt, the emulator),
# 2.21 in .venv (Python 3.12). The integration emulator runs from .venv in every case.
test-compat: $(addprefix compat-,$(COMPAT_VERSIONS)) compat-2.21

.venv-%/.stamp: requirements-compat-%.txt emulator/pyproject.toml $(EMULATOR_SOURCES)
	@[ -n "$(PYTHON311)" ] || { echo "error: Python 3.11 not found (pyenv install 3.11.7)" >&2; exit 1; }
	@[ -x .venv-$*/bin/python ] || "$(PYTHON311)" -m venv .venv-$*
	.venv-$*/bin/python -m pip install --quiet --upgrade pip
	.venv-$*/bin/python -m pip install --quiet -r requirements-compat-$*.txt ./emulator
	@touch $@

compat-2.16 compat-2.19: compat-%: setup .venv-%/.stamp
	@echo "== ansible-core $$(.venv-$*/bin/python -c 'from ansible.release import __version__; print(__version__)') (.venv-$*)"
	@.venv-$*/bin/python $(CURDIR)/tools/ansible_test_pip_bootstrap.py --wheels $(TMP)/wheels
	@failed=; \
	PYTHONPATH=$(COLLECTIONS_ROOT) .venv-$*/bin/python -m pytest -p no:cacheprovider tests/unit $(PYTEST_ARGS) || failed=1; \
	export CUPI_EMULATOR_DIR=$(TMP)/emulator-compat-$*; \
	trap '$(CURDIR)/tools/emulator.sh stop' EXIT; \
	tools/emulator.sh start; \
	tools/emulator.sh integration-config > tests/integration/integration_config.yml; \
	(cd $(COLLECTION_LINK) && ANSIBLE_TEST_CONTENT_ROOT=$(COLLECTION_LINK) PATH=$(CURDIR)/.venv-$*/bin:$$PATH \
	  $(CURDIR)/.venv-$*/bin/ansible-test integration --controller origin:python=3.11@$(CURDIR)/.venv-$*/bin/python \
	  $(INTEGRATION_ARGS)) || failed=1; \
	[ -z "$$failed" ] || { echo "error: ansible-core $* failed (units and/or integration above)" >&2; exit 1; }

compat-2.21: setup
	@echo "== ansible-core $$(python -c 'from ansible.release import __version__; print(__version__)') (.venv)"
	@failed=; \
	PYTHONPATH=$(COLLECTIONS_ROOT) pytest -p no:cacheprovider tests/unit $(PYTEST_ARGS) || failed=1; \
	$(MAKE) --no-print-directory integration || failed=1; \
	[ -z "$$failed" ] || { echo "error: ansible-core 2.21 failed (units and/or integration above)" >&2; exit 1; }

# The first release (see docs/maintainers.md): turns changelogs/fragments into
# changelogs/changelog.yaml and CHANGELOG.rst for the version in galaxy.yml and deletes the
# fragments. Run it once every change of the release has its fragment; then commit, tag,
# make galaxy-import, and publish dist/cupi-telephony-<version>.tar.gz.
release: setup
	@version=$$(sed -n 's/^version: *//p' galaxy.yml); \
	[ -n "$(RELEASE_DATE)" ] && date_arg="--date $(RELEASE_DATE)" || date_arg=; \
	echo "antsibull-changelog release --version $$version $$date_arg"; \
	antsibull-changelog lint && antsibull-changelog release --version "$$version" $$date_arg

# Benchmark (tests/bench/run.py): the integration role against a hand-written uri playbook on
# emulators with 50 ms latency (+150 ms per Basic authentication): requests, wall time and the
# controller's CPU (per cluster, per task, the collection's phases); writes docs/performance.md
# and docs/performance.svg. A few minutes on an idle machine; not part of `make test`.
# BENCH_ARGS e.g. --strict, --clusters 10,25, --uri-clusters 25 (about 8 minutes more), --keep.
# bench-smoke: the role's apply and re-apply without latency, some seconds, writes no docs; it
# checks the CPU accounting too (the re-apply runs with CUPI_PROFILE).
BENCH_ARGS ?=
.PHONY: bench bench-smoke
bench: setup
	$(BIN)/python tests/bench/run.py $(BENCH_ARGS)

bench-smoke: setup
	$(BIN)/python tests/bench/run.py --smoke
