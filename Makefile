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

.PHONY: help setup tree pip-bootstrap sanity lint units integration molecule test demo emulator clean

help:
	@echo 'make setup        create .venv (Python 3.12, pinned tools, the emulator) and build/'
	@echo 'make test         setup, sanity, lint, units, integration, molecule (what CI runs)'
	@echo 'make sanity       ansible-test sanity'
	@echo 'make lint         ansible-lint (production profile) and antsibull-changelog lint'
	@echo 'make units        pytest tests/unit and emulator/tests'
	@echo 'make integration  ansible-test integration against a TLS emulator'
	@echo 'make molecule     molecule scenarios (extensions/molecule) against a TLS emulator'
	@echo 'make demo         apply, re-apply and export the example against the emulator'
	@echo 'make emulator     run the emulator in the foreground on https://127.0.0.1:8443'
	@echo 'make clean        remove .venv, build/, .tmp/ and test output'

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
	export CUPI_EMULATOR_DIR=$(TMP)/emulator-integration; \
	trap '$(CURDIR)/tools/emulator.sh stop' EXIT; \
	tools/emulator.sh start; \
	tools/emulator.sh integration-config > tests/integration/integration_config.yml; \
	$(ANSIBLE_TEST) integration --controller origin:python=3.12@$(BIN)/python $(INTEGRATION_ARGS)

molecule: setup
	@if ! compgen -G 'extensions/molecule/*/molecule.yml' > /dev/null; then \
	  echo "no molecule scenarios yet"; exit 0; \
	fi; \
	export CUPI_EMULATOR_DIR=$(TMP)/emulator-molecule; \
	trap '$(CURDIR)/tools/emulator.sh stop' EXIT; \
	tools/emulator.sh start; \
	eval "$$(tools/emulator.sh env)"; \
	molecule test --all

test: setup sanity lint units integration molecule

demo: setup
	tools/demo.sh

emulator: setup
	@mkdir -p $(TMP)
	cupi-emulator --host 127.0.0.1 --port 8443 --tls --ca-out $(TMP)/ca.pem

clean:
	-@for d in .tmp/emulator*/; do [ ! -d "$$d" ] || CUPI_EMULATOR_DIR=$(CURDIR)/$$d tools/emulator.sh stop; done
	rm -rf $(VENV) build .tmp tests/output tests/integration/integration_config.yml tests/integration/inventory \
	  collections .ansible \
	  emulator/build emulator/src/*.egg-info .pytest_cache emulator/.pytest_cache
