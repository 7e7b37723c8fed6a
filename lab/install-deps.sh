#!/usr/bin/env bash
# lab/install-deps.sh — install, on a Debian machine as root, every tool the build and the test layers use.
# Idempotent: installs only what is missing, runs `apt-get update` only when an install needs it.
#   java 17 + maven       build
#   iproute2, busybox-static, curl   netns layer (topologies, real servers, client)
#   keepalived, ipvsadm, tcpdump, wrk, openssl, python3   real peers, cross-checks, small lab servers
#   nginx-light                      a real keep-alive HTTP server for the health checker's kept connections
#   nftables                         accept-mode filter of the VRRP layer (nft)
#   qemu-system-x86, kmod, cpio      the IPVS kernel VM (lab/kernel-vm.sh also checks these itself)
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "install-deps: run as root" >&2; exit 1; }
want=()
have() { command -v "$1" >/dev/null 2>&1; }
have java || want+=(openjdk-17-jdk-headless)
have mvn || want+=(maven)
have ip || want+=(iproute2)
bb=$( [ -x /bin/busybox ] && LC_ALL=C ldd /bin/busybox 2>&1 || true)
case "$bb" in *"not a dynamic"*) ;; *) want+=(busybox-static);; esac
have curl || want+=(curl)
have keepalived || want+=(keepalived)
have ipvsadm || want+=(ipvsadm)
have tcpdump || want+=(tcpdump)
have wrk || want+=(wrk)
have openssl || want+=(openssl)
have qemu-system-x86_64 || want+=(qemu-system-x86)
{ have modprobe && have depmod; } || want+=(kmod)
have cpio || want+=(cpio)
have pgrep || want+=(procps)
have python3 || want+=(python3)
have nft || want+=(nftables)
have nginx || want+=(nginx-light)
[ ${#want[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${want[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends "${want[@]}" >&2 \
  || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "${want[@]}" >&2; }
# keepalived's package starts a system service; the labs run their own instances only
if have systemctl && systemctl is-active -q keepalived 2>/dev/null; then systemctl stop keepalived || true; fi
pkill -x keepalived 2>/dev/null || true
# nginx's package may start the system's nginx too; the tests run their own, on their own ports
if have systemctl && systemctl is-active -q nginx 2>/dev/null; then systemctl stop nginx || true; fi
[ -f /run/nginx.pid ] && kill "$(cat /run/nginx.pid)" 2>/dev/null || true
