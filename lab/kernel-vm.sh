#!/usr/bin/env bash
# lab/kernel-vm.sh — run one command inside a disposable VM whose kernel has IPVS.
#
#   lab/kernel-vm.sh [options] -- COMMAND [ARG...]
#   lab/kernel-vm.sh --prepare          install prerequisites, fetch the kernel, build the initramfs
#   lab/kernel-vm.sh --show             print the cached kernel, initramfs and settings
#
# Why: Fulcrum's IPVS code must be tested against the real kernel table, and development/CI hosts run a
# kernel without IPVS. Debian's stock kernel ships ip_vs as modules, so we boot it under qemu (software
# emulation, no KVM needed) with the host's root filesystem shared read-only over 9p and a tmpfs overlay
# on top. The guest therefore runs the host's own java, ipvsadm, keepalived, busybox, curl.
#
# The shared work directory (default: the current directory) is mounted read-write at the SAME absolute
# path inside the guest, and the command runs there. One word after "--" runs as `bash -c WORD`; several
# words are exec'd as an argv. Guest stdout/stderr stream live to ours; the exit status is the command's.
#
# Options:
#   --workdir DIR     directory shared read-write (default: $PWD)
#   --timeout SEC     wall-clock limit for the whole VM (default 900); 124 when it fires
#   --mem MIB         guest memory (default 2048)
#   --cpus N          guest vCPUs (default: host CPUs, at most 4)
#   --env K=V         export K=V to the command (repeatable)
#   --modules A,B     load these extra kernel modules at boot (e.g. ip_vs_ftp,br_netfilter)
#   --kernel-deb F    use this linux-image .deb instead of downloading one
#   --kver KVER       kernel ABI, e.g. 6.1.0-56-amd64 (default: cached, else what linux-image-amd64 names)
#   --cache DIR       cache directory (default $FULCRUM_VM_CACHE or /var/tmp/fulcrum-vm)
#   --kvm             use KVM (-cpu host) instead of TCG; unusable on some nested hosts
#   --tcg-threads M   single (default) or multi: one host thread for all vCPUs, or one each (faster for
#                     parallel guests, but see the note at the qemu command line; benchmarks use multi)
#   --keep            keep the run directory and the console log
#   --quiet           no progress lines on stderr
#
# Exit status: the command's; 124 timeout; 125 the VM failed to boot or to report (console tail printed);
# 143/130 when this script is stopped by SIGTERM/SIGINT (qemu is killed too).
#
# On a fresh Debian machine, as root, it installs what it lacks (qemu-system-x86 busybox-static kmod cpio
# ipvsadm iproute2), downloads linux-image-$KVER with `apt-get download`, extracts it, and builds a small
# initramfs (static busybox + the module closure). Everything is cached under --cache (~480 MB) behind a
# lock, so parallel runs share one preparation.
set -euo pipefail

ME=kernel-vm
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${FULCRUM_VM_CACHE:-/var/tmp/fulcrum-vm}
KVER=${FULCRUM_VM_KVER:-}
KERNEL_DEB=
WORKDIR=$PWD
TIMEOUT=900
MEM=2048
CPUS=$(nproc 2>/dev/null || echo 2); [ "$CPUS" -gt 4 ] && CPUS=4
ACCEL=tcg
TCG_THREADS=${FULCRUM_VM_TCG_THREADS:-single}
KEEP=0
QUIET=0
MODE=run
EXTRA_MODULES=()
ENV_KV=()

# Module sets. "boot" brings up 9p and the overlay; "lab" is loaded before the command (everything the
# labs use, every IPVS scheduler); "extra" is packed in the initramfs but loaded only on request.
MODS_BOOT=(virtio_pci virtio_console virtio_rng 9pnet_virtio 9p overlay)
MODS_LAB=(bridge veth macvlan dummy 8021q nf_conntrack nf_nat nf_tables nft_chain_nat nft_masq nft_compat
  iptable_nat iptable_filter iptable_mangle xt_MASQUERADE xt_ipvs ip_vs
  ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_lblc ip_vs_lblcr ip_vs_dh ip_vs_sh ip_vs_sed ip_vs_nq
  ip_vs_fo ip_vs_ovf ip_vs_mh)
MODS_EXTRA=(ip_vs_ftp ip_vs_pe_sip br_netfilter nft_ct xt_conntrack)

say() { [ "$QUIET" = 1 ] || echo "$ME: $*" >&2; }
fail() { echo "$ME: $*" >&2; exit 125; }
quote() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }

while [ $# -gt 0 ]; do
  opt=$1
  case "$opt" in
    --workdir|--timeout|--mem|--cpus|--env|--modules|--kernel-deb|--kver|--cache|--tcg-threads)
      [ $# -ge 2 ] || fail "$opt needs a value"; val=$2; shift 2
      case "$opt" in
        --workdir) WORKDIR=$val;; --timeout) TIMEOUT=$val;; --mem) MEM=$val;; --cpus) CPUS=$val;;
        --env) ENV_KV+=("$val");; --modules) IFS=', ' read -r -a more <<<"$val"; EXTRA_MODULES+=("${more[@]}");;
        --kernel-deb) KERNEL_DEB=$val;; --kver) KVER=$val;; --cache) CACHE=$val;; --tcg-threads) TCG_THREADS=$val;;
      esac;;
    --kvm) ACCEL=kvm; shift;;
    --keep) KEEP=1; shift;;
    --quiet) QUIET=1; shift;;
    --prepare) MODE=prepare; shift;;
    --show) MODE=show; shift;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0;;
    --) shift; break;;
    -*) fail "unknown option $opt (try --help)";;
    *) break;;
  esac
done
[ "$MODE" != run ] || [ $# -gt 0 ] || fail "no command given (try --help)"
for n in "$TIMEOUT" "$MEM" "$CPUS"; do case "$n" in ''|*[!0-9]*) fail "--timeout/--mem/--cpus take integers";; esac; done
for m in "${EXTRA_MODULES[@]+"${EXTRA_MODULES[@]}"}"; do case "$m" in *[!A-Za-z0-9_-]*) fail "bad module name '$m'";; esac; done
case "$CACHE" in *[[:space:],]*) fail "cache path must not contain blanks or commas";; esac
case "$TCG_THREADS" in single|multi) ;; *) fail "--tcg-threads takes single or multi";; esac
[ "$(id -u)" = 0 ] || fail "must run as root (apt-get, and qemu's 9p passthrough)"

# ------------------------------------------------------------------ preparation (cached, under a lock)
missing_packages() {
  local out=()
  command -v qemu-system-x86_64 >/dev/null || out+=(qemu-system-x86)
  local bb; bb=$( [ -x /bin/busybox ] && LC_ALL=C ldd /bin/busybox 2>&1 || true)
  case "$bb" in *"not a dynamic"*) ;; *) out+=(busybox-static);; esac
  command -v modprobe >/dev/null && command -v depmod >/dev/null || out+=(kmod)
  command -v cpio >/dev/null || out+=(cpio)
  command -v ipvsadm >/dev/null || out+=(ipvsadm)
  command -v ip >/dev/null || out+=(iproute2)
  command -v dpkg-deb >/dev/null || out+=(dpkg)
  echo "${out[*]+"${out[*]}"}"
}

install_packages() {
  local need; need=$(missing_packages)
  [ -z "$need" ] && return 0
  command -v apt-get >/dev/null || fail "missing: $need, and there is no apt-get to install it"
  say "installing $need"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $need >&2 \
    || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends $need >&2; } \
    || fail "apt-get install $need failed"
  need=$(missing_packages); [ -z "$need" ] || fail "still missing after install: $need"
}

pick_kernel_version() {
  [ -n "$KVER" ] && return 0
  if [ -n "$KERNEL_DEB" ]; then
    KVER=$(dpkg-deb -f "$KERNEL_DEB" Package | sed -e 's/^linux-image-//' -e 's/-unsigned$//'); return 0
  fi
  local d
  for d in $(ls -1d "$CACHE"/kernel-*/ 2>/dev/null | sort -rV); do
    [ -e "$d/.complete" ] && { d=${d%/}; KVER=${d##*/kernel-}; return 0; }
  done
  local try
  for try in 1 2; do
    KVER=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/{sub(/.*Depends: linux-image-/,""); sub(/-unsigned$/,""); print; exit}')
    [ -n "$KVER" ] && return 0
    [ "$try" = 1 ] && apt-get update -q >&2 || true
  done
  fail "cannot tell which kernel linux-image-amd64 depends on; pass --kver or --kernel-deb"
}

fetch_kernel() {
  KTREE=$CACHE/kernel-$KVER
  [ -e "$KTREE/.complete" ] && return 0
  mkdir -p "$CACHE/debs"
  local deb=${KERNEL_DEB:-}
  [ -n "$deb" ] || deb=$(ls -1 "$CACHE"/debs/linux-image-"$KVER"_*.deb "$CACHE"/debs/linux-image-"$KVER"-unsigned_*.deb 2>/dev/null | head -n1 || true)
  if [ -z "$deb" ]; then
    say "downloading linux-image-$KVER (about 70 MB)"
    chown _apt "$CACHE/debs" 2>/dev/null || true
    ( cd "$CACHE/debs" && { apt-get download -q "linux-image-$KVER" >&2 || apt-get download -q "linux-image-$KVER-unsigned" >&2 \
        || { apt-get update -q >&2 && apt-get download -q "linux-image-$KVER" >&2; }; } ) || fail "apt-get download linux-image-$KVER failed"
    deb=$(ls -1 "$CACHE"/debs/linux-image-"$KVER"*.deb 2>/dev/null | head -n1 || true)
    [ -n "$deb" ] || fail "the download left no .deb in $CACHE/debs"
  fi
  say "extracting $(basename "$deb")"
  rm -rf "$KTREE.partial"; mkdir -p "$KTREE.partial"
  dpkg-deb -x "$deb" "$KTREE.partial"
  [ -f "$KTREE.partial/boot/vmlinuz-$KVER" ] || fail "$deb holds no boot/vmlinuz-$KVER"
  if [ ! -d "$KTREE.partial/lib/modules/$KVER" ]; then
    [ -d "$KTREE.partial/usr/lib/modules/$KVER" ] || fail "$deb holds no modules for $KVER"
    mkdir -p "$KTREE.partial/lib/modules"; ln -s "../../usr/lib/modules/$KVER" "$KTREE.partial/lib/modules/$KVER"
  fi
  depmod -b "$KTREE.partial" "$KVER"
  rm -rf "$KTREE"; mv "$KTREE.partial" "$KTREE"; touch "$KTREE/.complete"
}

# PID 1 of the guest. Plain busybox sh; parameters arrive on the kernel command line.
guest_init_script() {
cat <<'EOF'
#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
exec </dev/null >/dev/console 2>&1
log() { echo "fulcrum-vm: $*"; }
off() { sync; poweroff -f; sleep 3; echo o > /proc/sysrq-trigger; }
started=$(cut -d' ' -f1 /proc/uptime)
RUNID= MODTREE= EXTRA=
for w in $(cat /proc/cmdline); do
  case "$w" in
    fvm.run=*) RUNID=${w#fvm.run=};;
    fvm.modtree=*) MODTREE=${w#fvm.modtree=};;
    fvm.extra=*) EXTRA=$(echo "${w#fvm.extra=}" | tr ',' ' ');;
  esac
done
KV=$(uname -r)
for m in $(cat /etc/fvm/boot); do modprobe "$m" || log "cannot load $m"; done
P9="trans=virtio,version=9p2000.L,msize=262144"
mkdir -p /lower /root2 /rw /share
mount -t 9p -o "$P9,ro,cache=loose" hostroot /lower || { log "FATAL: cannot mount the host root"; off; }
mount -t tmpfs -o mode=0755 rw /rw && mkdir -p /rw/upper /rw/work
if ! mount -t overlay overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /root2; then
  log "overlay failed; read-only root with fresh /tmp"
  mount --bind /lower /root2
  mount -t tmpfs -o mode=1777 tmp /root2/tmp; mount -t tmpfs -o mode=1777 vtmp /root2/var/tmp
fi
mount -t proc proc /root2/proc; mount -t sysfs sysfs /root2/sys; mount -t devtmpfs devtmpfs /root2/dev
mkdir -p /root2/dev/pts /root2/dev/shm
mount -t devpts -o ptmxmode=0666 devpts /root2/dev/pts; mount -t tmpfs -o mode=1777 shm /root2/dev/shm
mount -t tmpfs -o mode=0755 run /root2/run; mkdir -p /root2/run/lock /root2/run/netns
mount -t 9p -o "$P9" work /share || { log "FATAL: cannot mount the work share"; off; }
RUN=/share/.fulcrum-vm/$RUNID
[ -n "$RUNID" ] && [ -f "$RUN/where" ] || { log "FATAL: run directory $RUN missing"; off; }
WD=$(cat "$RUN/where")
mkdir -p "/root2$WD" && mount --move /share "/root2$WD" || { log "FATAL: cannot place the work share at $WD"; off; }
RUN=/root2$WD/.fulcrum-vm/$RUNID
# the full module tree of this kernel, from the host cache seen through the raw 9p view
if [ -n "$MODTREE" ] && [ -d "/lower$MODTREE" ]; then
  target=$(chroot /root2 /bin/sh -c "mkdir -p /lib/modules/$KV && readlink -f /lib/modules/$KV")
  mount --bind "/lower$MODTREE" "/root2$target" || log "cannot bind the module tree"
fi
echo /sbin/fvm-modprobe > /proc/sys/kernel/modprobe
for m in $(cat /etc/fvm/lab) $EXTRA; do /sbin/fvm-modprobe "$m" || log "cannot load $m"; done
hostname fulcrum-vm; ip link set lo up
out=/dev/console err=/dev/console n=0
while [ $n -lt 50 ]; do
  for port in /sys/class/virtio-ports/*; do
    [ -r "$port/name" ] || continue
    case "$(cat "$port/name")" in
      fvm.out) out=/dev/${port##*/};;
      fvm.err) err=/dev/${port##*/};;
    esac
  done
  [ "$out" != /dev/console ] && [ "$err" != /dev/console ] && break
  n=$((n+1)); sleep 0.1
done
ready=$(cut -d' ' -f1 /proc/uptime)
echo "uptime_at_command=$ready init_seconds=$(awk "BEGIN{print $ready-$started}")" > "$RUN/boot"
chroot /root2 /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  TERM=dumb LANG=C.UTF-8 FULCRUM_VM=1 FULCRUM_VM_WORKDIR="$WD" FULCRUM_VM_RUN="$WD/.fulcrum-vm/$RUNID" \
  /bin/sh "$WD/.fulcrum-vm/$RUNID/cmd.sh" <"/dev/null" >"$out" 2>"$err"
rc=$?
echo "$rc" > "$RUN/rc.partial" && mv "$RUN/rc.partial" "$RUN/rc"
log "command exited with $rc"
off
EOF
}

# The kernel's module auto-loader (request_module) calls this; it uses the full kmod of the new root.
guest_modprobe_script() {
cat <<'EOF'
#!/bin/sh
if [ -x /root2/sbin/modprobe ] && [ -d "/root2/lib/modules/$(uname -r)/kernel" ]; then
  exec /bin/chroot /root2 /sbin/modprobe "$@"
fi
exec /bin/modprobe "$@"
EOF
}

build_initramfs() {
  local key
  key=$( { echo "$KVER ${MODS_BOOT[*]} | ${MODS_LAB[*]} | ${MODS_EXTRA[*]}"; guest_init_script; guest_modprobe_script; cat /bin/busybox; } | sha256sum | cut -c1-16)
  INITRD=$CACHE/initramfs-$KVER-$key.gz
  [ -s "$INITRD" ] && return 0
  say "building the initramfs"
  local stage=$CACHE/initramfs.stage moddir
  moddir=$(readlink -f "$KTREE/lib/modules/$KVER")
  rm -rf "$stage"; mkdir -p "$stage"/{bin,sbin,etc/fvm,proc,sys,dev,lib/modules/"$KVER"}
  cp /bin/busybox "$stage/bin/busybox"
  local applet
  for applet in sh mount umount modprobe insmod chroot mkdir poweroff sleep echo cat ls cut tr awk sync \
                hostname ip uname mv sed grep dmesg readlink; do ln -s busybox "$stage/bin/$applet"; done
  ln -s ../bin/busybox "$stage/sbin/modprobe"
  guest_init_script > "$stage/init"; chmod 0755 "$stage/init"
  guest_modprobe_script > "$stage/sbin/fvm-modprobe"; chmod 0755 "$stage/sbin/fvm-modprobe"
  printf '%s\n' "${MODS_BOOT[@]}" > "$stage/etc/fvm/boot"
  printf '%s\n' "${MODS_LAB[@]}" > "$stage/etc/fvm/lab"
  local m line file rel dest
  for m in "${MODS_BOOT[@]}" "${MODS_LAB[@]}" "${MODS_EXTRA[@]}"; do
    modprobe -d "$KTREE" -S "$KVER" --show-depends "$m" >/dev/null 2>&1 || fail "module $m is not in kernel $KVER"
    while read -r line; do
      [ "${line%% *}" = insmod ] || continue
      file=$(readlink -f "$(echo "$line" | awk '{print $2}')"); rel=${file#"$moddir"/}
      dest=$stage/lib/modules/$KVER/$rel; mkdir -p "$(dirname "$dest")"
      # busybox's modprobe may not read compressed modules: store them plain
      case "$file" in
        *.ko.xz) xz -dc "$file" > "${dest%.xz}";;
        *.ko.zst) zstd -qdc "$file" > "${dest%.zst}";;
        *.ko.gz) gzip -dc "$file" > "${dest%.gz}";;
        *) cp "$file" "$dest";;
      esac
    done < <(modprobe -d "$KTREE" -S "$KVER" --show-depends "$m" 2>/dev/null)
  done
  for f in modules.order modules.builtin modules.builtin.modinfo; do [ -f "$moddir/$f" ] && cp "$moddir/$f" "$stage/lib/modules/$KVER/"; done
  depmod -b "$stage" "$KVER"
  ( cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1 ) > "$INITRD.partial"
  mv "$INITRD.partial" "$INITRD"; rm -rf "$stage"
  ls -1t "$CACHE"/initramfs-*.gz 2>/dev/null | tail -n +4 | xargs -r rm -f || true
}

prepare() {
  mkdir -p "$CACHE"
  exec 8>"$CACHE/.lock"
  flock -w 1200 8 || fail "gave up waiting for the cache lock $CACHE/.lock"
  install_packages
  if [ -n "$KERNEL_DEB" ]; then [ -f "$KERNEL_DEB" ] || fail "no such file: $KERNEL_DEB"; KERNEL_DEB=$(readlink -f "$KERNEL_DEB"); fi
  pick_kernel_version
  case "$KVER" in ''|*[!A-Za-z0-9._+-]*) fail "bad kernel version '$KVER'";; esac
  fetch_kernel
  KTREE=$CACHE/kernel-$KVER
  VMLINUZ=$KTREE/boot/vmlinuz-$KVER
  MODTREE=$(readlink -f "$KTREE/lib/modules/$KVER")
  build_initramfs
  exec 8>&-
}

prepare
case "$MODE" in
  prepare) say "ready: $VMLINUZ $INITRD"; exit 0;;
  show) printf 'cache=%s\nkver=%s\nkernel=%s\ninitramfs=%s\nmodules=%s\nmem=%s cpus=%s accel=%s timeout=%s workdir=%s\n' \
          "$CACHE" "$KVER" "$VMLINUZ" "$INITRD" "$MODTREE" "$MEM" "$CPUS" "$ACCEL" "$TIMEOUT" "$WORKDIR"; exit 0;;
esac

# ------------------------------------------------------------------ one run
[ -d "$WORKDIR" ] || fail "work directory $WORKDIR does not exist"
WORKDIR=$(readlink -f "$WORKDIR")
[ "$WORKDIR" != / ] || fail "refusing to share / read-write"
case "$WORKDIR" in *,*) fail "the work directory path must not contain ',' (qemu -virtfs syntax)";; esac
RUNID=$(date +%Y%m%dT%H%M%S)-$$-$RANDOM
RUN=$WORKDIR/.fulcrum-vm/$RUNID
mkdir -p "$RUN" "$CACHE/logs"
echo "$WORKDIR" > "$RUN/where"
{
  echo "cd $(quote "$WORKDIR") || exit 125"
  for kv in "${ENV_KV[@]+"${ENV_KV[@]}"}"; do
    case "$kv" in [A-Za-z_]*=*) echo "export ${kv%%=*}=$(quote "${kv#*=}")";; *) fail "--env wants K=V, got '$kv'";; esac
  done
  if [ $# -eq 1 ]; then echo "exec /bin/bash -c $(quote "$1")"
  else printf 'exec'; for a in "$@"; do printf ' %s' "$(quote "$a")"; done; echo; fi
} > "$RUN/cmd.sh"

PIPES=$(mktemp -d "${TMPDIR:-/tmp}/fulcrum-vm.XXXXXX")
mkfifo "$PIPES/out" "$PIPES/err"
CONSOLE=$CACHE/logs/$RUNID.console
EXTRA_CSV=$(IFS=,; echo "${EXTRA_MODULES[*]+"${EXTRA_MODULES[*]}"}")
# tsc=reliable: under TCG the guest marks its TSC "unsynchronized" and falls back to the emulated HPET,
# where every clock read is a trapped MMIO access (~900 ns against ~100 ns measured): a cost no real
# director pays, and one that distorts CPU-per-check comparisons against keepalived.
CMDLINE="console=ttyS0 quiet panic=-1 mitigations=off tsc=reliable clocksource=tsc fvm.run=$RUNID fvm.modtree=$MODTREE${EXTRA_CSV:+ fvm.extra=$EXTRA_CSV}"
# avx=off,avx2=off: QEMU 7.2 (Debian 12) brought a new TCG decoder for SSE/AVX with known miscompiles
# (e.g. qemu issue 1377, fixed in 8.2); twice a JVM in the guest died of SIGSEGV in plain Java code
# (once with a null base in Unsafe.getShortUnaligned on a heap buffer). Without AVX the JVM picks its
# SSE code paths (UseAVX=0), the smaller and older part of that decoder.
# thread=single by default: with one host thread per vCPU (multi), QEMU 7.2 can run a translation of guest
# code that another vCPU has just rewritten (upstream "accel/tcg: Always lock pages before translation",
# QEMU 8.1), and a JIT rewrites its code all the time: JVMs in the guest died of SIGSEGV in C1-compiled
# code (a card-table store to a wild address) about once in ten runs even without AVX. One host thread
# for both vCPUs cannot race with itself; tests pay some speed for it, benchmarks ask for multi.
if [ "$ACCEL" = kvm ]; then ACCEL_ARGS=(-accel kvm -cpu host); else ACCEL_ARGS=(-accel "tcg,thread=$TCG_THREADS" -cpu max,avx=off,avx2=off); fi
QEMU_ARGS=(-nodefaults -no-user-config -display none -no-reboot -nic none "${ACCEL_ARGS[@]}"
  -m "$MEM" -smp "$CPUS" -kernel "$VMLINUZ" -initrd "$INITRD" -append "$CMDLINE"
  -serial "file:$CONSOLE" -device virtio-rng-pci
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
  -virtfs "local,path=$WORKDIR,mount_tag=work,security_model=none,multidevs=remap"
  -device virtio-serial-pci,id=ser0
  -chardev "file,id=cout,path=$PIPES/out" -device virtserialport,bus=ser0.0,nr=1,chardev=cout,name=fvm.out
  -chardev "file,id=cerr,path=$PIPES/err" -device virtserialport,bus=ser0.0,nr=2,chardev=cerr,name=fvm.err)

# Guest output travels guest port -> qemu file chardev -> FIFO -> cat on our own fds. qemu never opens our
# stdout itself (it would reopen a regular file at offset 0 and clobber the caller's output).
release_pipes() { local p; for p in "$PIPES/out" "$PIPES/err"; do exec 7<>"$p"; exec 7>&-; done; }
QEMU_PID=
stop_all() { [ -n "$QEMU_PID" ] && kill "$QEMU_PID" 2>/dev/null; release_pipes; rm -rf "$PIPES"; }
trap 'stop_all; exit 143' TERM
trap 'stop_all; exit 130' INT
say "booting kernel $KVER ($ACCEL, ${CPUS} vCPU, ${MEM} MiB, timeout ${TIMEOUT}s)"
started=$(date +%s.%N)
set +e
cat "$PIPES/out" & CAT1=$!
cat "$PIPES/err" >&2 & CAT2=$!
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 "${QEMU_ARGS[@]}" </dev/null &
QEMU_PID=$!
wait "$QEMU_PID"; qrc=$?
QEMU_PID=
release_pipes
wait "$CAT1" "$CAT2"
rm -rf "$PIPES"
set -e
if [ -f "$RUN/rc" ]; then
  RC=$(cat "$RUN/rc"); case "$RC" in ''|*[!0-9]*) RC=125;; esac
elif [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
  echo "$ME: timed out after ${TIMEOUT}s; console log kept: $CONSOLE" >&2; RC=124; KEEP=1
else
  echo "$ME: the VM stopped without a result (qemu exit $qrc); console log $CONSOLE ends:" >&2
  tail -n 30 "$CONSOLE" >&2 2>/dev/null || true; RC=125; KEEP=1
fi
say "done in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s ($(cat "$RUN/boot" 2>/dev/null || echo no boot record)), exit $RC"
if [ "$KEEP" = 1 ]; then
  say "kept $RUN and $CONSOLE"
else
  rm -rf "$RUN"; rmdir "$WORKDIR/.fulcrum-vm" 2>/dev/null || true; rm -f "$CONSOLE"
fi
ls -1t "$CACHE"/logs/*.console 2>/dev/null | tail -n +21 | xargs -r rm -f || true
exit "$RC"
