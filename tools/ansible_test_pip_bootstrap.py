"""Provide ansible-test's pip bootstrap offline (run by ``make setup`` with .venv's Python).

Asks the installed ansible-test which pip version it bootstraps its virtual environments
with, downloads that pip wheel from PyPI (once, into --wheels) and puts the wheel and
tools/get_pip_standin.py into ansible-test's cache as ``get_pip_<version>.py``. A cached
file that is not ours (a real get-pip downloaded by ansible-test) is left alone.
"""

import argparse
import filecmp
import glob
import os
import shutil
import subprocess
import sys
import types

MARKER = b'cupi.telephony get-pip stand-in'


def pip_version():
    from ansible_test._internal.python_requirements import get_venv_packages  # pylint: disable=import-outside-toplevel

    version = '%d.%d' % sys.version_info[:2]

    return get_venv_packages(types.SimpleNamespace(version=version))['pip']


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--wheels', required=True, help='directory to download the pip wheel to')
    parser.add_argument('--cache', default=os.path.expanduser('~/.ansible/test/cache'), help='ansible-test cache directory')
    args = parser.parse_args()

    version = pip_version()
    script = os.path.join(args.cache, 'get_pip_%s.py' % version.replace('.', '_'))
    standin = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'get_pip_standin.py')
    pattern = 'pip-%s-*.whl' % version

    os.makedirs(args.cache, exist_ok=True)

    if not glob.glob(os.path.join(args.cache, pattern)):
        if not glob.glob(os.path.join(args.wheels, pattern)):
            subprocess.run([sys.executable, '-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary', ':all:',
                            'pip==%s' % version, '-d', args.wheels], check=True)

        wheel = sorted(glob.glob(os.path.join(args.wheels, pattern)))[0]
        shutil.copy2(wheel, args.cache)

    if os.path.exists(script):
        with open(script, 'rb') as existing:
            ours = MARKER in existing.read()

        if not ours or filecmp.cmp(script, standin, shallow=False):
            return 0

    shutil.copy(standin, script)
    print('ansible-test pip %s bootstrap: %s' % (version, script))

    return 0


if __name__ == '__main__':
    sys.exit(main())
