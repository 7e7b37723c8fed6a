#!/usr/bin/env bash
# Builds fulcrum_VERSION_all.deb from the shaded jar: /usr/share/fulcrum/fulcrum.jar, /usr/bin/fulcrum,
# the systemd unit, and /var/lib/fulcrum. Needs only dpkg-deb (any Debian machine has it).
set -euo pipefail
version=${1:?version}; jar=${2:?jar}; src=${3:?packaging/src}; out=${4:?output dir}
deb_version=${version/-SNAPSHOT/~snapshot}
command -v dpkg-deb >/dev/null || { echo "build-deb: dpkg-deb not found; skipping the .deb" >&2; exit 0; }
root=$(mktemp -d); chmod 0755 "$root"; trap 'rm -rf "$root"' EXIT
install -D -m 0644 "$jar" "$root/usr/share/fulcrum/fulcrum.jar"
install -D -m 0755 "$src/bin/fulcrum" "$root/usr/bin/fulcrum"
install -D -m 0644 "$src/systemd/fulcrum.service" "$root/lib/systemd/system/fulcrum.service"
install -d -m 0700 "$root/var/lib/fulcrum"
install -d "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<CTL
Package: fulcrum
Version: $deb_version
Architecture: all
Maintainer: Fulcrum developers <fulcrum@example.org>
Depends: openjdk-17-jre-headless | java17-runtime-headless, ipvsadm
Recommends: iproute2
Section: net
Priority: optional
Description: high-availability load-balancer director (VRRP + IPVS)
 Runs a keepalived.conf: VRRP for virtual IPs, health checkers for real servers,
 and a reconciler that keeps the kernel IPVS table equal to the desired state.
CTL
mkdir -p "$out"
dpkg-deb --root-owner-group --build "$root" "$out/fulcrum_${deb_version}_all.deb" >/dev/null
echo "build-deb: $out/fulcrum_${deb_version}_all.deb"
