package dev.fulcrum.vrrp.spec;

import dev.fulcrum.vrrp.machine.GarpPolicy;
import dev.fulcrum.vrrp.wire.AuthType;
import dev.fulcrum.vrrp.wire.UnicastPeer;
import dev.fulcrum.vrrp.wire.V3Checksum;
import dev.fulcrum.vrrp.wire.VrrpVersion;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The VRRP module's own view of one {@code vrrp_instance}: only what the protocol needs, already
 * defaulted and validated. The conf model is adapted into this, so the protocol code does not move when
 * the configuration language grows.
 *
 * <p>{@code accept}: RFC 5798 Accept_Mode; when false a non-owner MASTER drops traffic to its VIPs
 * (keepalived's default is true unless strict mode). {@code vmacName}: {@code use_vmac}, the macvlan
 * interface carrying the VRRP virtual MAC (null = none); {@code vmacXmitBase}: adverts still leave through
 * the base interface.
 */
public record InstanceSpec(
        String name, String interfaceName, int vrid, int priority, VrrpVersion version, int intervalCentis,
        boolean startAsMaster, boolean nopreempt, long preemptDelayMillis,
        AuthType authType, String authPass,
        List<VipSpec> vips, List<VipSpec> excludedVips,
        InetAddress sourceAddress, List<UnicastPeer> unicastPeers, boolean checkUnicastSrc, int unicastTtl,
        int downTimerAdverts, boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert,
        V3Checksum v3Checksum, boolean skipCheckAdvAddr, GarpPolicy garp,
        List<TrackRef> trackInterfaces, List<TrackRef> trackScripts, List<TrackRef> trackFiles,
        boolean dontTrackPrimary, NotifySpec notifications,
        List<VirtualRoute> routes, List<VirtualRule> rules, List<TrackRef> trackProcesses, boolean accept,
        String vmacName, boolean vmacXmitBase) {

    public InstanceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interfaceName, "interface");
        vips = List.copyOf(vips);
        excludedVips = List.copyOf(excludedVips);
        unicastPeers = List.copyOf(unicastPeers);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
        trackFiles = List.copyOf(trackFiles);
        routes = routes == null ? List.of() : List.copyOf(routes);
        rules = rules == null ? List.of() : List.copyOf(rules);
        trackProcesses = trackProcesses == null ? List.of() : List.copyOf(trackProcesses);
        notifications = notifications == null ? NotifySpec.NONE : notifications;
        garp = garp == null ? GarpPolicy.KEEPALIVED_DEFAULTS : garp;
        v3Checksum = v3Checksum == null ? V3Checksum.PSEUDO_HEADER : v3Checksum;
        authType = authType == null ? AuthType.NONE : authType;
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException(name + ": virtual_router_id " + vrid);
        }
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException(name + ": priority " + priority);
        }
        if (nopreempt && startAsMaster) {
            throw new IllegalArgumentException(name + ": nopreempt needs state BACKUP");
        }
        if (version == VrrpVersion.V3 && authType != AuthType.NONE) {
            throw new IllegalArgumentException(name + ": VRRP version 3 does not support authentication");
        }
    }

    /** A minimal instance with keepalived defaults, for tests and simple callers. */
    public static InstanceSpec simple(String name, String ifname, int vrid, int priority, VrrpVersion version,
                                      int intervalCentis, List<VipSpec> vips) {
        return new InstanceSpec(name, ifname, vrid, priority, version, intervalCentis, false, false, 0, AuthType.NONE,
                "", vips, List.of(), null, List.of(), false, 255, 3, false, false, V3Checksum.PSEUDO_HEADER, false,
                GarpPolicy.KEEPALIVED_DEFAULTS, List.of(), List.of(), List.of(), false, NotifySpec.NONE, List.of(), List.of(), List.of(), true, null, false);
    }

    public boolean unicast() {
        return !unicastPeers.isEmpty();
    }

    public boolean ipv6() {
        return !vips.isEmpty() && vips.get(0).address() instanceof java.net.Inet6Address;
    }
}
