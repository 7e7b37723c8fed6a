package dev.fulcrum.net.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * One route as {@code ip route add} describes it, for VRRP's {@code virtual_routes}: routes that exist
 * only while this node is MASTER (a gateway through the VIP, a blackhole for a served prefix). Interface
 * names are resolved to indexes by the caller, so the record encodes without touching the kernel.
 *
 * @param family        Rtnl.AF_INET or AF_INET6
 * @param destination   destination prefix address; null means the default route
 * @param prefixLength  destination prefix length
 * @param source        source prefix ({@code from}), or null
 * @param sourceLength  source prefix length
 * @param gateway       next hop ({@code via}), or null
 * @param oif           output interface index, 0 for none
 * @param prefSrc       preferred source address ({@code src}), or null
 * @param table         routing table id (254 main)
 * @param metric        RTA_PRIORITY, or -1 for none
 * @param protocol      RTPROT_* (3 boot, as iproute2)
 * @param scope         RT_SCOPE_*
 * @param type          RTN_* (1 unicast, 6 blackhole, 7 unreachable, 8 prohibit, 9 throw)
 * @param onlink        RTNH_F_ONLINK: the gateway is on the link even without a matching prefix
 */
public record RouteRequest(int family, InetAddress destination, int prefixLength, InetAddress source, int sourceLength,
                           InetAddress gateway, int oif, InetAddress prefSrc, int table, int metric, int protocol,
                           int scope, int type, boolean onlink) {
    public RouteRequest {
        if (family != Rtnl.AF_INET && family != Rtnl.AF_INET6) {
            throw new IllegalArgumentException("route family " + family);
        }
        int max = family == Rtnl.AF_INET ? 32 : 128;
        for (InetAddress a : new InetAddress[] {destination, source, gateway, prefSrc}) {
            if (a != null && (a instanceof Inet4Address) != (family == Rtnl.AF_INET)) {
                throw new IllegalArgumentException("route mixes address families: " + a.getHostAddress());
            }
        }
        if (prefixLength < 0 || prefixLength > max || sourceLength < 0 || sourceLength > max) {
            throw new IllegalArgumentException("prefix length out of 0.." + max);
        }
        if (destination == null && prefixLength != 0) {
            throw new IllegalArgumentException("the default route has prefix length 0");
        }
        if (table < 1 || oif < 0) {
            throw new IllegalArgumentException("table " + table + ", oif " + oif);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(destination == null ? "default" : destination.getHostAddress() + "/" + prefixLength);
        if (source != null) {
            sb.append(" from ").append(source.getHostAddress()).append('/').append(sourceLength);
        }
        if (gateway != null) {
            sb.append(" via ").append(gateway.getHostAddress());
        }
        if (oif != 0) {
            sb.append(" oif ").append(oif);
        }
        if (prefSrc != null) {
            sb.append(" src ").append(prefSrc.getHostAddress());
        }
        sb.append(" table ").append(table).append(" type ").append(type);
        if (metric >= 0) {
            sb.append(" metric ").append(metric);
        }
        return sb.toString();
    }
}
