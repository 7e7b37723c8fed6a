#!/usr/bin/env bash
# lab/netns-lab.sh — build and tear down lab topologies of network namespaces.
#
#   lab/netns-lab.sh standard LAB [RS_COUNT]   client, lb1, lb2 and RS_COUNT (default 2) real servers
#                                             running busybox httpd that answers with its own name
#   lab/netns-lab.sh up LAB SPEC_FILE          build from a spec file ('-' reads stdin)
#   lab/netns-lab.sh down LAB                  delete everything LAB made (processes, namespaces, links)
#   lab/netns-lab.sh show LAB                  print hosts, interfaces and addresses
#   lab/netns-lab.sh list                      the labs that exist now
#   lab/netns-lab.sh exec LAB HOST CMD...      run CMD inside HOST
#
# Why: every multi-host test (VRRP failover, health checks, IPVS in NAT and DR) needs the same kind of
# small network, built the same way and always removed afterwards. A host HOST of lab LAB is the network
# namespace "LAB-HOST"; each L2 segment is a bridge "br-SEG" inside the switch namespace "LAB-sw", and a
# host joins a segment through a veth pair created directly inside the two namespaces. Nothing is added
# to the caller's own namespace, and no lab namespace gets a route out of the lab.
#
# Spec file, one statement a line ('#' starts a comment):
#   segment SEG                              an L2 segment (bridge, STP and multicast snooping off)
#   host HOST                                a host (namespace LAB-HOST, loopback up)
#   link HOST SEG IFNAME [ADDR/PLEN ...]     join HOST to SEG through IFNAME, with addresses (v4 or v6)
#   addr HOST IFNAME ADDR/PLEN               another address (IPv6 addresses get nodad)
#   route HOST ARGS...                       `ip route add ARGS` inside HOST
#   sysctl HOST KEY=VALUE                    a sysctl inside HOST
#   httpd HOST [PORT] [TEXT]                 busybox httpd on PORT (80) answering TEXT (the host's name)
#   run HOST CMD...                          a background process inside HOST, stopped by `down`
#
# Lab names: 1-12 characters of [a-z0-9]; state lives in /run/fulcrum-lab/LAB.
set -euo pipefail

ME=netns-lab
STATE_ROOT=${FULCRUM_LAB_STATE:-/run/fulcrum-lab}

fail() { echo "$ME: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

check_lab() {
  [[ "$1" =~ ^[a-z0-9]{1,12}$ ]] || fail "lab name '$1' must be 1-12 characters of [a-z0-9]"
}
check_word() {
  [[ "$1" =~ ^[a-z][a-z0-9]{0,9}$ ]] || fail "name '$1' must be 1-10 characters of [a-z0-9], starting with a letter"
}

ns() { echo "$LAB-$1"; }
in_ns() { local n; n=$(ns "$1"); shift; ip netns exec "$n" "$@"; }

need_tools() {
  local miss=()
  command -v ip >/dev/null || miss+=(iproute2)
  local bb; bb=$( [ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null || true)
  grep -qx httpd <<<"$bb" || miss+=(busybox-static)
  [ ${#miss[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || fail "missing ${miss[*]} and no apt-get"
  echo "$ME: installing ${miss[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${miss[@]}" >&2 \
    || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${miss[@]}" >&2; } \
    || fail "cannot install ${miss[*]}"
}

record() { echo "$2" >> "$STATE/$1"; }

make_ns() {
  local n; n=$(ns "$1")
  ip netns add "$n" || fail "cannot create namespace $n (does lab $LAB already exist? try: $0 down $LAB)"
  record namespaces "$n"
  ip -n "$n" link set lo up
}

st_segment() {
  local seg=$1; check_word "$seg"
  if [ ! -e "$STATE/switch" ]; then make_ns sw; touch "$STATE/switch"; fi
  ip -n "$(ns sw)" link add "br-$seg" type bridge stp_state 0 mcast_snooping 0
  ip -n "$(ns sw)" link set "br-$seg" up
  record segments "$seg"
}

st_host() { check_word "$1"; make_ns "$1"; record hosts "$1"; }

add_addr() { # host ifname addr
  case "$3" in
    *:*) ip -n "$(ns "$1")" addr add "$3" dev "$2" nodad;;
    *) ip -n "$(ns "$1")" addr add "$3" dev "$2";;
  esac
}

st_link() {
  local host=$1 seg=$2 ifn=$3; shift 3
  grep -qx "$seg" "$STATE/segments" 2>/dev/null || fail "link: unknown segment '$seg'"
  grep -qx "$host" "$STATE/hosts" 2>/dev/null || fail "link: unknown host '$host'"
  touch "$STATE/ports"; local port; port=p$(( $(wc -l < "$STATE/ports") + 1 ))
  ip link add "$ifn" netns "$(ns "$host")" type veth peer name "$port" netns "$(ns sw)"
  record ports "$port $host $ifn $seg"
  ip -n "$(ns sw)" link set "$port" master "br-$seg" up
  ip -n "$(ns "$host")" link set "$ifn" up
  local a; for a in "$@"; do add_addr "$host" "$ifn" "$a"; done
}

st_httpd() {
  local host=$1 port=${2:-80} text=${3:-$1}
  local www=$STATE/www-$host-$port
  mkdir -p "$www"; echo "$text" > "$www/index.html"
  local n; n=$(ns "$host")
  setsid ip netns exec "$n" /bin/busybox httpd -f -p "$port" -h "$www" </dev/null >/dev/null 2>&1 &
  record pids "$! $host httpd:$port"
}

st_run() {
  local host=$1; shift
  setsid ip netns exec "$(ns "$host")" "$@" </dev/null >>"$STATE/run-$host.log" 2>&1 &
  record pids "$! $host $1"
}

apply_spec() {
  local line kw
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%%#*}; read -r -a w <<<"$line" || true
    [ ${#w[@]} -eq 0 ] && continue
    kw=${w[0]}
    case "$kw" in
      segment) st_segment "${w[1]}";;
      host) st_host "${w[1]}";;
      link) st_link "${w[@]:1}";;
      addr) add_addr "${w[1]}" "${w[2]}" "${w[3]}";;
      route) ip -n "$(ns "${w[1]}")" route add "${w[@]:2}";;
      sysctl) in_ns "${w[1]}" sysctl -q -w "${w[2]}" >/dev/null;;
      httpd) st_httpd "${w[@]:1}";;
      run) st_run "${w[@]:1}";;
      *) fail "unknown statement '$kw' in: $line";;
    esac
  done
}

wait_httpds() { # every httpd answers, bounded to ~5 s
  [ -f "$STATE/pids" ] || return 0
  local pid host what port addr i
  while read -r pid host what; do
    [ "${what%%:*}" = httpd ] || continue
    port=${what#httpd:}
    for i in $(seq 1 50); do
      in_ns "$host" /bin/busybox netstat -ltn 2>/dev/null | grep -q ":$port " && break
      sleep 0.1
    done
  done < "$STATE/pids"
}

standard_spec() {
  local n=$1 i
  cat <<EOF
# the standard director topology: one L2 segment, TEST-NET-1 and the IPv6 documentation prefix
segment lan
host client
link client lan eth0 192.0.2.10/24 2001:db8::10/64
host lb1
link lb1 lan eth0 192.0.2.2/24 2001:db8::2/64
sysctl lb1 net.ipv4.ip_forward=1
host lb2
link lb2 lan eth0 192.0.2.3/24 2001:db8::3/64
sysctl lb2 net.ipv4.ip_forward=1
EOF
  for i in $(seq 1 "$n"); do
    cat <<EOF
host rs$i
link rs$i lan eth0 192.0.2.$((10 + i))/24 2001:db8::$((10 + i))/64
sysctl rs$i net.ipv4.conf.all.arp_ignore=1
sysctl rs$i net.ipv4.conf.all.arp_announce=2
httpd rs$i 80
EOF
  done
}

cmd_up() {
  LAB=$1; check_lab "$LAB"; STATE=$STATE_ROOT/$LAB
  [ ! -e "$STATE" ] || fail "lab $LAB exists already (state in $STATE); run: $0 down $LAB"
  need_tools
  mkdir -p "$STATE"
  trap 'rc=$?; if [ $rc -ne 0 ]; then echo "$ME: building lab $LAB failed; tearing it down" >&2; cmd_down "$LAB" >&2 || true; fi' EXIT
  apply_spec
  wait_httpds
  trap - EXIT
  cmd_show "$LAB"
}

kill_recorded() {
  [ -f "$STATE/pids" ] || return 0
  local pid rest
  while read -r pid rest; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done < "$STATE/pids"
}

cmd_down() {
  LAB=$1; check_lab "$LAB"; STATE=$STATE_ROOT/$LAB
  [ -d "$STATE" ] || return 0
  kill_recorded
  local n pids i
  if [ -f "$STATE/namespaces" ]; then
    while read -r n; do
      pids=$(ip netns pids "$n" 2>/dev/null || true)
      [ -n "$pids" ] && kill -TERM $pids 2>/dev/null || true
    done < "$STATE/namespaces"
    for i in $(seq 1 30); do
      pids=""; while read -r n; do pids+=$(ip netns pids "$n" 2>/dev/null || true); done < "$STATE/namespaces"
      [ -z "$pids" ] && break; sleep 0.1
    done
    while read -r n; do
      pids=$(ip netns pids "$n" 2>/dev/null || true)
      [ -n "$pids" ] && kill -KILL $pids 2>/dev/null || true
    done < "$STATE/namespaces"
    # deleting a namespace deletes the veth ends inside it, and with them their peers
    while read -r n; do ip netns del "$n" 2>/dev/null || true; done < "$STATE/namespaces"
    local left=""; while read -r n; do [ -e "/run/netns/$n" ] && left+=" $n"; done < "$STATE/namespaces"
    [ -z "$left" ] || fail "namespaces left behind:$left"
  fi
  rm -rf "$STATE"
}

cmd_show() {
  LAB=$1; check_lab "$LAB"; STATE=$STATE_ROOT/$LAB
  [ -d "$STATE" ] || fail "no lab $LAB"
  echo "lab $LAB"
  local seg host
  [ -f "$STATE/segments" ] && while read -r seg; do echo "  segment $seg: bridge br-$seg in namespace $(ns sw)"; done < "$STATE/segments"
  [ -f "$STATE/hosts" ] && while read -r host; do
    printf '  host %-8s namespace %-16s' "$host" "$(ns "$host")"
    ip -n "$(ns "$host")" -o addr show scope global 2>/dev/null | awk '{printf " %s=%s", $2, $4}'
    echo
  done < "$STATE/hosts"
  [ -f "$STATE/pids" ] && while read -r pid host what; do echo "  process $pid on $host: $what"; done < "$STATE/pids"
  return 0
}

[ $# -ge 1 ] || { usage >&2; exit 2; }
[ "$(id -u)" = 0 ] || fail "must run as root (network namespaces)"
cmd=$1; shift
case "$cmd" in
  standard) [ $# -ge 1 ] || fail "usage: $0 standard LAB [RS_COUNT]"; count=${2:-2}
            [[ "$count" =~ ^[1-9][0-9]?$ ]] || fail "RS_COUNT must be 1..99"
            standard_spec "$count" | cmd_up "$1";;
  up) [ $# -eq 2 ] || fail "usage: $0 up LAB SPEC_FILE"
      if [ "$2" = - ]; then cmd_up "$1"; else [ -f "$2" ] || fail "no spec file $2"; cmd_up "$1" < "$2"; fi;;
  down) [ $# -eq 1 ] || fail "usage: $0 down LAB"; cmd_down "$1";;
  show) [ $# -eq 1 ] || fail "usage: $0 show LAB"; cmd_show "$1";;
  list) ls -1 "$STATE_ROOT" 2>/dev/null || true;;
  exec) [ $# -ge 3 ] || fail "usage: $0 exec LAB HOST CMD..."; LAB=$1; check_lab "$LAB"; h=$2; shift 2; in_ns "$h" "$@";;
  -h|--help|help) usage;;
  *) usage >&2; exit 2;;
esac
