#!/usr/bin/env bash
# lab/demo.sh — the newcomer's demo, as root: build Fulcrum, run a director pair in front of two real
# servers with client traffic, kill the master, watch the takeover, tear everything down.
# Uses the host kernel when it has IPVS, and the IPVS kernel VM (lab/kernel-vm.sh) otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
lab/install-deps.sh
echo "== building fulcrum"
mvn -B -q -ntp -DskipTests package
java -jar director-app/target/fulcrum.jar version
if [ -e /proc/net/ip_vs ] || modprobe -q ip_vs 2>/dev/null; then
  echo "== this kernel has IPVS: running the demo here"
  exec lab/demo-pair.sh
fi
echo "== this kernel has no IPVS: booting Debian's kernel under qemu (about 10 s) and running the demo inside"
exec lab/kernel-vm.sh --timeout 900 -- lab/demo-pair.sh
