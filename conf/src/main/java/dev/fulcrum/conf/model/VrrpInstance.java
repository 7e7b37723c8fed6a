package dev.fulcrum.conf.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One VRRP router as a director runs it. Every value is effective: global {@code vrrp_*} defaults,
 * the version default and keepalived's built-in defaults are applied, and tracker weights are resolved,
 * so the VRRP engine reads the record and nothing else.
 *
 * @param interfaceName empty only for unicast instances whose VIPs name their {@code dev}
 * @param advertInterval as configured (VRRPv2 rounds to whole seconds, v3 to centiseconds)
 * @param mcastGroup the multicast destination (global vrrp_mcast_group4/6 unless mcast_dst_ip)
 * @param unicastTtl TTL for unicast adverts, empty = 255
 * @param downTimerAdverts the "3" in Master_Down_Interval
 * @param accept accept mode (default on unless strict)
 * @param v3ChecksumAsV2 VRRPv3 over IPv4 sent with the checksum over the message only, as Cisco/Juniper
 *                       compute it (keepalived's {@code v3_checksum_as_v2}); default the pseudo-header form
 * @param vmacXmitBase with {@code use_vmac}: adverts leave through the base interface (its MAC), not the VMAC
 */
public record VrrpInstance(
        String name,
        VrrpState state,
        Optional<String> interfaceName,
        int virtualRouterId,
        int priority,
        Duration advertInterval,
        int version,
        boolean nopreempt,
        Duration preemptDelay,
        Optional<Authentication> authentication,
        List<VirtualAddress> virtualAddresses,
        List<VirtualAddress> excludedAddresses,
        List<String> virtualRoutes,
        List<String> virtualRules,
        Optional<InetAddress> unicastSrcIp,
        List<UnicastPeer> unicastPeers,
        OptionalInt unicastTtl,
        boolean unicastFaultNoPeer,
        boolean checkUnicastSrc,
        Optional<InetAddress> mcastSrcIp,
        InetAddress mcastGroup,
        Trackers trackers,
        boolean dontTrackPrimary,
        Notifications notifications,
        boolean smtpAlert,
        GarpSettings garp,
        int downTimerAdverts,
        boolean lowerPrioNoAdvert,
        boolean higherPrioSendAdvert,
        boolean skipCheckAdvAddr,
        boolean strictMode,
        boolean accept,
        boolean promoteSecondaries,
        Optional<String> useVmac,
        boolean v3ChecksumAsV2,
        boolean vmacXmitBase) {

    /** The record before {@code v3ChecksumAsV2} and {@code vmacXmitBase} were modelled (kept for existing callers). */
    public VrrpInstance(String name, VrrpState state, Optional<String> interfaceName, int virtualRouterId, int priority,
                        Duration advertInterval, int version, boolean nopreempt, Duration preemptDelay,
                        Optional<Authentication> authentication, List<VirtualAddress> virtualAddresses,
                        List<VirtualAddress> excludedAddresses, List<String> virtualRoutes, List<String> virtualRules,
                        Optional<InetAddress> unicastSrcIp, List<UnicastPeer> unicastPeers, OptionalInt unicastTtl,
                        boolean unicastFaultNoPeer, boolean checkUnicastSrc, Optional<InetAddress> mcastSrcIp,
                        InetAddress mcastGroup, Trackers trackers, boolean dontTrackPrimary, Notifications notifications,
                        boolean smtpAlert, GarpSettings garp, int downTimerAdverts, boolean lowerPrioNoAdvert,
                        boolean higherPrioSendAdvert, boolean skipCheckAdvAddr, boolean strictMode, boolean accept,
                        boolean promoteSecondaries, Optional<String> useVmac) {
        this(name, state, interfaceName, virtualRouterId, priority, advertInterval, version, nopreempt, preemptDelay,
                authentication, virtualAddresses, excludedAddresses, virtualRoutes, virtualRules, unicastSrcIp,
                unicastPeers, unicastTtl, unicastFaultNoPeer, checkUnicastSrc, mcastSrcIp, mcastGroup, trackers,
                dontTrackPrimary, notifications, smtpAlert, garp, downTimerAdverts, lowerPrioNoAdvert,
                higherPrioSendAdvert, skipCheckAdvAddr, strictMode, accept, promoteSecondaries, useVmac, false, false);
    }

    /** The address family of the advertised VIPs (IPv4 when there are none). */
    public IpFamily family() {
        return virtualAddresses.isEmpty() ? IpFamily.INET : virtualAddresses.get(0).family();
    }

    public boolean isUnicast() {
        return !unicastPeers.isEmpty();
    }

    /** True for the address owner, which becomes MASTER at once and ignores tracker weights. */
    public boolean isOwner() {
        return priority == 255;
    }
}
