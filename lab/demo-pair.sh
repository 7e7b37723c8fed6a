#!/usr/bin/env bash
# lab/demo-pair.sh — the demo scenario itself; needs a kernel with IPVS (lab/demo.sh picks the host or the VM).
# Two fulcrum directors (DR) in front of two busybox real servers, client traffic, a master killed, a takeover.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$PWD/director-app/target/fulcrum.jar
CONF=$PWD/conf/examples/demo-dr.conf
LAB=demo$(( $$ % 100000 ))
WORK=$(mktemp -d /tmp/fulcrum-demo.XXXXXX)
JAVA_OPTS=(-XX:+UseSerialGC -Xmx128m -XX:TieredStopAtLevel=1)
PIDS=()
say() { printf '\n== %s\n' "$*"; }
cleanup() {
  for p in "${PIDS[@]+"${PIDS[@]}"}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  lab/netns-lab.sh down "$LAB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

say "building the lab: client, lb1, lb2, rs1, rs2 on 192.0.2.0/24 (VIP 192.0.2.100, direct routing)"
{
  echo "segment lan"
  echo "host client"; echo "link client lan eth0 192.0.2.10/24"
  echo "host lb1"; echo "link lb1 lan eth0 192.0.2.2/24"
  echo "host lb2"; echo "link lb2 lan eth0 192.0.2.3/24"
  for i in 1 2; do
    echo "host rs$i"; echo "link rs$i lan eth0 192.0.2.1$i/24"; echo "addr rs$i lo 192.0.2.100/32"
    echo "sysctl rs$i net.ipv4.conf.all.arp_ignore=1"; echo "sysctl rs$i net.ipv4.conf.all.arp_announce=2"
    echo "httpd rs$i 80"
  done
} | lab/netns-lab.sh up "$LAB" -

for d in lb1 lb2; do
  mkdir -p "$WORK/$d"
  printf 'fulcrum {\n  metrics.listen = "127.0.0.1:9165"\n  control.socket = "%s"\n  state-directory = "%s"\n}\n' \
    "$WORK/$d/control.sock" "$WORK/$d/state" > "$WORK/$d/settings.conf"
  ip netns exec "$LAB-$d" java "${JAVA_OPTS[@]}" -jar "$JAR" run -f "$CONF" --id "$d" --settings "$WORK/$d/settings.conf" \
    > "$WORK/$d/fulcrum.log" 2>&1 &
  PIDS+=($!)
  disown
done
say "started fulcrum on lb1 (pid ${PIDS[0]}) and lb2 (pid ${PIDS[1]}); waiting for the VIP and the IPVS table"
for i in $(seq 1 240); do
  if ip netns exec "$LAB-client" curl -s -m 1 http://192.0.2.100/ 2>/dev/null | grep -q '^rs'; then break; fi
  sleep 0.5
done

( for i in $(seq 1 2000); do
    a=$(ip netns exec "$LAB-client" curl -s -m 1 http://192.0.2.100/ 2>/dev/null || true)
    echo "$(date +%s.%N) ${a:-FAIL}"
    sleep 0.2
  done ) > "$WORK/traffic.log" &
PIDS+=($!)
disown
sleep 3

for d in lb1 lb2; do
  say "fulcrum status on $d"
  java "${JAVA_OPTS[@]}" -jar "$JAR" status --socket "$WORK/$d/control.sock"
done
say "ipvsadm -Ln on lb1"; ip netns exec "$LAB-lb1" ipvsadm -Ln

say "killing the master (SIGKILL to fulcrum on lb1)"
kill -KILL "${PIDS[0]}"
t0=$(date +%s.%N)
for i in $(seq 1 200); do
  ip -n "$LAB-lb2" -o addr show dev eth0 | grep -q 192.0.2.100 && break
  sleep 0.1
done
echo "lb2 holds the VIP $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}') s after the kill"
sleep 4
say "fulcrum status on lb2 after the takeover"
java "${JAVA_OPTS[@]}" -jar "$JAR" status --socket "$WORK/lb2/control.sock"
say "client traffic around the kill (answers per second-bucket)"
awk -v t0="$t0" '{ b = int($1 - t0); if (b >= -3 && b <= 6) { n[b]++; if ($2 == "FAIL") f[b]++; else ok[b" "$2]++ } }
  END { for (b = -3; b <= 6; b++) { line = sprintf("%+3ds: %2d requests", b, n[b]); for (k in ok) { split(k, p, " "); if (p[1] == b) line = line sprintf(", %s %d", p[2], ok[k]) }
        if (f[b]) line = line sprintf(", FAILED %d", f[b]); print line } }' "$WORK/traffic.log"
say "the metric that counted the takeover (lb2)"
ip netns exec "$LAB-lb2" curl -s http://127.0.0.1:9165/metrics | grep -E '^keepalived_become_master_total'
say "tearing down"
