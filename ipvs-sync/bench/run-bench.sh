#!/bin/bash
# IPVS reconciler benchmark: run INSIDE the IPVS VM (it needs the kernel's IPVS), e.g.
#   cd /work/main && lab/kernel-vm.sh --timeout 1500 -- ipvs-sync/bench/run-bench.sh
# For N = 100, 1000, 5000 (override with BENCH_NS="..."): in a fresh network namespace each,
# `ipvsadm -R` of N TCP services x 4 NAT real servers (process start included, as in anchors.md §2),
# then in another fresh namespace Fulcrum's reconciler: load from empty, a no-op pass, a 1 % change,
# and clear. Prints a table; the ratio is ours / ipvsadm for the load from empty.
set -u
[ "${IPVS_VM:-}${FULCRUM_VM:-}" != "" ] || [ -e /proc/net/ip_vs ] || { echo "run inside the IPVS VM" >&2; exit 2; }
cd "$(dirname "$0")/.."
M2=${M2_REPO:-$HOME/.m2/repository}
# the runtime class path of ipvs-sync (versions as pinned by the root pom and jnr-ffi 2.2.17)
DEPS="com/github/jnr/jnr-ffi/2.2.17/jnr-ffi-2.2.17.jar com/github/jnr/jffi/1.3.13/jffi-1.3.13.jar
 com/github/jnr/jffi/1.3.13/jffi-1.3.13-native.jar com/github/jnr/jnr-a64asm/1.0.0/jnr-a64asm-1.0.0.jar
 com/github/jnr/jnr-x86asm/1.0.2/jnr-x86asm-1.0.2.jar org/ow2/asm/asm/9.7.1/asm-9.7.1.jar
 org/ow2/asm/asm-commons/9.7.1/asm-commons-9.7.1.jar org/ow2/asm/asm-analysis/9.7.1/asm-analysis-9.7.1.jar
 org/ow2/asm/asm-tree/9.7.1/asm-tree-9.7.1.jar org/ow2/asm/asm-util/9.7.1/asm-util-9.7.1.jar
 org/slf4j/slf4j-api/2.0.16/slf4j-api-2.0.16.jar io/micrometer/micrometer-core/1.13.6/micrometer-core-1.13.6.jar
 io/micrometer/micrometer-commons/1.13.6/micrometer-commons-1.13.6.jar
 io/micrometer/micrometer-observation/1.13.6/micrometer-observation-1.13.6.jar
 org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar org/latencyutils/LatencyUtils/2.0.3/LatencyUtils-2.0.3.jar"
# snapshot our classes first: other builds in the shared tree may rewrite target/ mid-run
SNAP=$(mktemp -d)
cp -r target/test-classes "$SNAP/test-classes" && cp -r target/classes "$SNAP/classes" \
  && cp "$M2/dev/fulcrum/fulcrum-linux-net/0.1.0-SNAPSHOT/fulcrum-linux-net-0.1.0-SNAPSHOT.jar" "$SNAP/linux-net.jar" \
  || { echo "cannot snapshot the class path" >&2; exit 2; }
CP="$SNAP/test-classes:$SNAP/classes:$SNAP/linux-net.jar"
for d in $DEPS; do [ -f "$M2/$d" ] || { echo "missing $M2/$d (build ipvs-sync first)" >&2; exit 2; }; CP="$CP:$M2/$d"; done
JAVA=${JAVA:-java}
NS_LIST=${BENCH_NS:-"100 1000 5000"}
OUT=$(mktemp -d)
now() { date +%s.%N; }
run_java() {   # run_java NS ARGS...: the benchmark main in namespace NS; RESULT lines kept, failures shown
  local ns=$1; shift
  ip netns exec "$ns" $JAVA -XX:+UseSerialGC -Xmx768m -cp "$CP" dev.fulcrum.ipvs.bench.IpvsBenchmark "$@" > "$OUT/java.log" 2>&1
  local rc=$?
  grep RESULT "$OUT/java.log" | tee -a "$OUT/results"
  [ $rc = 0 ] || { echo "benchmark run ($*) failed with exit $rc:" >&2; grep -v RESULT "$OUT/java.log" | tail -20 >&2; }
}
for n in $NS_LIST; do
  $JAVA -cp "$CP" dev.fulcrum.ipvs.bench.IpvsBenchmark rules "$n" > "$OUT/rules-$n"
  ns=fbench-ipvsadm-$n; ip netns add "$ns"; ip -n "$ns" link set lo up   # lo up creates the local FIB table: dests must be RTN_UNICAST
  t0=$(now); ip netns exec "$ns" ipvsadm -R < "$OUT/rules-$n"; rc=$?; t1=$(now)
  lines=$(ip netns exec "$ns" cat /proc/net/ip_vs | wc -l)
  echo "RESULT n=$n phase=ipvsadm seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}') rc=$rc lines=$lines" | tee -a "$OUT/results"
  t0=$(now); ip netns exec "$ns" ipvsadm -C; t1=$(now)
  echo "RESULT n=$n phase=ipvsadm_clear seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')" | tee -a "$OUT/results"
  ip netns del "$ns"
  ns=fbench-fulcrum-$n; ip netns add "$ns"; ip -n "$ns" link set lo up
  run_java "$ns" run "$n"
  ip netns del "$ns"
  if [ "${BENCH_WARM:-1}" = 1 ]; then   # the same in a JVM warmed up first (the daemon's steady state)
    ns=fbench-warm-$n; ip netns add "$ns"; ip -n "$ns" link set lo up
    run_java "$ns" run "$n" warm
    ip netns del "$ns"
  fi
done
echo
echo "IPVS reconcile benchmark ($(uname -r), $(nproc) vCPU; times in seconds, TCG-emulated)"
awk '
function kv(k,   i,a){ for(i=1;i<=NF;i++){ split($i,a,"="); if(a[1]==k) return a[2] } return "" }
/^RESULT/ { n=kv("n"); p=kv("phase"); j=kv("jit"); if(j!="") p=j "_" p; t[n,p]=kv("seconds"); o[n,p]=kv("ops"); e[n,p]=kv("expected_ops"); l[n,p]=kv("lines_left"); if(!(n in seen)){seen[n]=1; ns[++c]=n} }
END {
  printf "%6s | %10s | %9s %6s | %9s %6s | %8s %8s | %7s %8s %8s | %8s %6s | %10s\n", "N", "ipvsadm -R", "cold", "ratio", "warm", "ratio", "noop s", "noop ops", "1% ops", "expected", "1% s", "clear s", "left", "ipvsadm -C"
  for(i=1;i<=c;i++){ n=ns[i]; a=t[n,"ipvsadm"]; rc=(a>0)? t[n,"cold_load"]/a : 0; rw=(a>0 && t[n,"warm_load"]!="")? t[n,"warm_load"]/a : 0
    w=(t[n,"warm_load"]!="")?"warm":"cold"
    printf "%6s | %10s | %9s %5.2fx | %9s %5.2fx | %8s %8s | %7s %8s %8s | %8s %6s | %10s\n", n, a, t[n,"cold_load"], rc, t[n,"warm_load"], rw, t[n,w "_noop"], o[n,w "_noop"], o[n,w "_change"], e[n,w "_change"], t[n,w "_change"], t[n,w "_clear"], l[n,w "_clear"]-3, t[n,"ipvsadm_clear"] }
  print "ratio = fulcrum load from empty / ipvsadm -R of the same rules; noop/1%/clear columns from the warm run when present; left = entries left after clear"
}' "$OUT/results"
rm -rf "$OUT" "$SNAP"
