# cupi.telephony get-pip stand-in (installed by tools/ansible_test_pip_bootstrap.py)
"""Offline stand-in for the get-pip script ansible-test bootstraps pip with.

ansible-test creates its sanity/integration virtual environments without pip and
installs pip there by running ``get-pip-<version>.py``, which it downloads from
ci-files.testing.ansible.com, a host that is not reachable from every machine. It
uses a cached copy first: ``~/.ansible/test/cache/get_pip_<version>.py``.
``make setup`` puts this file there, next to the matching pip wheel from PyPI.

ansible-test runs it as ``get_pip_X_Y.py [pip options] pip==X.Y --no-setuptools
--no-wheel`` with the new environment's Python. Like get-pip.py, it runs pip out of
the wheel and calls ``pip install --upgrade --force-reinstall <arguments>``; the
``--no-setuptools``/``--no-wheel`` switches of get-pip.py are dropped (pip's install
does not know them) and ``pip==X.Y`` is served from the wheel, so no network is needed.
"""

import glob
import os
import sys


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    stem = os.path.splitext(os.path.basename(__file__))[0]  # get_pip_25_2
    version = stem[len('get_pip_'):].replace('_', '.')
    wheels = sorted(glob.glob(os.path.join(here, 'pip-%s-*.whl' % version)))

    if not wheels:
        sys.stderr.write('pip %s wheel not found next to %s: run "make setup"\n' % (version, __file__))
        return 1

    wheel = wheels[0]
    args = []

    for arg in sys.argv[1:]:
        if arg in ('--no-setuptools', '--no-wheel'):
            continue

        args.append(wheel if arg == 'pip==%s' % version else arg)

    sys.path.insert(0, wheel)

    from pip._internal.cli.main import main as pip_main  # pylint: disable=import-outside-toplevel

    return pip_main(['install', '--upgrade', '--force-reinstall', '--find-links', here] + args)


if __name__ == '__main__':
    sys.exit(main())
