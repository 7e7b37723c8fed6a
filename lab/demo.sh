#!/usr/bin/env bash
# lab/demo.sh — the newcomer's demo: build Fulcrum, build the standard director lab, show it, tear it down.
# Run as root. Everything it creates is removed on exit, even on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
lab/install-deps.sh
echo "== building fulcrum"
mvn -B -q -ntp -DskipTests package
java -jar director-app/target/fulcrum.jar version
LAB=demo$$
LAB=${LAB:0:12}
trap 'echo "== tearing down lab $LAB"; lab/netns-lab.sh down "$LAB"' EXIT
echo "== building the standard topology (client, lb1, lb2, rs1, rs2)"
lab/netns-lab.sh standard "$LAB" 2
for rs in 11 12; do
  printf '   client -> 192.0.2.%s answers: %s\n' "$rs" "$(lab/netns-lab.sh exec "$LAB" client curl -s -m 3 "http://192.0.2.$rs/")"
done
