#!/usr/bin/env bash
# Installs the third-party Python clients of vboxwebsrv that the real-host test
# `real_python_clients` drives (remotevbox, vboxwebber, and zeep under them) into a virtual
# environment in the build directory: target/pyclients/venv. Idempotent; prints the python.
# Needs python3 with venv and pip, and the Python package index that pip is configured with.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/pyclients/venv
if ! "$venv/bin/python" -c 'import remotevbox, vboxwebber' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check remotevbox vboxwebber
fi
echo "$PWD/$venv/bin/python"
