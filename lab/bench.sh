#!/usr/bin/env bash
# lab/bench.sh MODULE MAIN_CLASS [--host] [ARGS...] — run a benchmark main from MODULE's test classes.
# By default inside the IPVS kernel VM (benchmarks that need IPVS, and anchors measured in the same run);
# with --host on this machine. Prints whatever table the benchmark prints. BENCH_JAVA_OPTS replaces the JVM
# options (default "-XX:+UseSerialGC -Xmx1g"), e.g. the launcher's small profile to measure the daemon as shipped.
#   lab/bench.sh director-app dev.fulcrum.app.bench.DirectorBenchmark
#   lab/bench.sh ipvs-sync dev.fulcrum.ipvs.bench.IpvsBenchmark
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,6s/^# \{0,1\}//p' "$0" >&2; exit 2; }
module=$1; main=$2; shift 2
where=vm
if [ "${1:-}" = --host ]; then where=host; shift; fi
mvn -B -q -ntp -DskipTests install -pl "$module" -am >&2
# through a file: Maven's console output (even -q -B prints ANSI resets) must not end up in the class path
cpf=$(mktemp)
mvn -B -q -ntp -pl "$module" dependency:build-classpath -Dmdep.outputFile="$cpf" -Dmdep.includeScope=test >&2
cp=$(cat "$cpf")
rm -f "$cpf"
cp="$PWD/$module/target/test-classes:$PWD/$module/target/classes:$cp"
read -r -a jopts <<< "${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xmx1g}"
java_cmd=(java "${jopts[@]}" -cp "$cp" "$main" "$@")
if [ "$where" = host ]; then exec "${java_cmd[@]}"; fi
# multi-threaded TCG: the anchors' figures were taken with a host thread per vCPU (kernel-vm.sh explains the risk)
exec lab/kernel-vm.sh --timeout 3000 --tcg-threads multi -- "${java_cmd[@]}"
