#!/usr/bin/env bash
# lab/test-all.sh — the whole test suite: unit tests, the netns layer and the IPVS kernel-VM layer.
# Run as root on Debian; installs what the machine lacks first. Extra arguments go to Maven,
# e.g. `lab/test-all.sh -Dfulcrum.it.groups=netns` runs one integration layer only.
set -euo pipefail
cd "$(dirname "$0")/.."
lab/install-deps.sh
lab/kernel-vm.sh --prepare --quiet
exec mvn -B -ntp verify "$@"
