#!/bin/sh
# The standard VRRP lab: namespaces ${P}sw (bridge br0), ${P}lb1, ${P}lb2, ${P}cl, each with eth0 on
# the bridge. lb1 10.99.0.11 (02:99:00:00:00:11), lb2 10.99.0.12 (…:12), client 10.99.0.100.
# IPv6: 2001:db8:99::11/12/100 (nodad). Usage: topology.sh up|down PREFIX
set -e
P=${2:-vrrp}
case "$1" in
up)
  sh "$0" down "$P" 2>/dev/null || true  # the script is written without an exec bit
  ip netns add ${P}sw
  ip -n ${P}sw link add br0 type bridge stp_state 0 mcast_snooping 0
  ip -n ${P}sw link set br0 up
  for n in lb1:11 lb2:12 cl:100; do
    ns=${n%%:*}; host=${n##*:}
    ip netns add ${P}$ns
    # link-locals usable at once (VRRPv3 over IPv6 sends from the link-local)
    ip netns exec ${P}$ns sh -c 'echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad; echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad'
    ip link add ${P}-$ns type veth peer name eth0 netns ${P}$ns
    ip link set ${P}-$ns netns ${P}sw
    ip -n ${P}sw link set ${P}-$ns master br0 up
    mac=02:99:00:00:00:$host
    [ "$host" = 100 ] && mac=02:99:00:00:01:00
    ip -n ${P}$ns link set eth0 address $mac
    ip -n ${P}$ns addr add 10.99.0.$host/24 dev eth0
    ip -n ${P}$ns addr add 2001:db8:99::$host/64 dev eth0 nodad
    ip -n ${P}$ns link set eth0 up
    ip -n ${P}$ns link set lo up
  done
  ;;
down)
  for ns in sw lb1 lb2 cl; do ip netns del ${P}$ns 2>/dev/null || true; done
  ;;
esac
