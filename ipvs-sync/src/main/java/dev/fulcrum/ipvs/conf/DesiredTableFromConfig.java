package dev.fulcrum.ipvs.conf;

import dev.fulcrum.conf.model.Forwarding;
import dev.fulcrum.conf.model.IpFamily;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.RealServer;
import dev.fulcrum.conf.model.SchedulerFlag;
import dev.fulcrum.conf.model.ServiceAddress;
import dev.fulcrum.ipvs.model.DestinationId;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.conf.model.VirtualServerGroup;
import dev.fulcrum.conf.model.VsgEntry;
import dev.fulcrum.ipvs.model.AddressFamily;
import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.ForwardMethod;
import dev.fulcrum.ipvs.model.Persistence;
import dev.fulcrum.ipvs.model.Protocol;
import dev.fulcrum.ipvs.model.Service;
import dev.fulcrum.ipvs.model.ServiceFlag;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.model.Tunnel;
import dev.fulcrum.ipvs.reconcile.DesiredDestination;
import dev.fulcrum.ipvs.reconcile.DesiredService;
import dev.fulcrum.ipvs.reconcile.DesiredTable;
import dev.fulcrum.ipvs.reconcile.ReconcileOptions;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the virtual_server blocks of a keepalived.conf into the desired IPVS table, applying
 * keepalived's rules on the way: a virtual_server_group becomes one IPVS service per address/port or
 * fwmark entry; DR and TUN destinations use the service port (0 for fwmark services); scheduler
 * flag aliases collapse to their bits; a sorry server replaces the real servers when the healthy
 * weight falls below quorum (and stays at weight 0 with {@code sorry_server_inhibit}).
 */
public final class DesiredTableFromConfig {
    private DesiredTableFromConfig() {
    }

    /** The desired table with every real server healthy. */
    public static DesiredTable of(KeepalivedConfig config) {
        return of(config, RealServerHealth.ALL_HEALTHY);
    }

    public static DesiredTable of(KeepalivedConfig config, RealServerHealth health) {
        Map<ServiceKey, DesiredService> out = new LinkedHashMap<>();
        for (VirtualServer vs : config.virtualServers()) {
            for (ServiceKey key : keys(config, vs)) {
                DesiredService s = service(key, vs, health);
                if (out.putIfAbsent(key, s) != null) {
                    throw new IllegalArgumentException("virtual server " + key.describe() + " is configured twice");
                }
            }
        }
        return new DesiredTable(out);
    }

    /** Reconciler policy from global_defs ({@code lvs_flush} allows removing services Fulcrum never owned). */
    public static ReconcileOptions options(KeepalivedConfig config, ReconcileOptions base) {
        return base.withFlushForeign(config.globalDefs().lvsFlush());
    }

    public static List<ServiceKey> keys(KeepalivedConfig config, VirtualServer vs) {
        Protocol proto = Protocol.valueOf(vs.protocol().name());
        ServiceAddress a = vs.address();
        if (a instanceof ServiceAddress.Inet i) {
            return List.of(ServiceKey.of(proto, i.address(), i.port()));
        }
        if (a instanceof ServiceAddress.Fwmark f) {
            return List.of(ServiceKey.fwmark((int) f.mark(), family(f.family())));
        }
        String name = ((ServiceAddress.Group) a).name();
        VirtualServerGroup g = config.group(name).orElseThrow(() -> new IllegalArgumentException("unknown virtual_server_group " + name));
        List<ServiceKey> keys = new ArrayList<>();
        for (VsgEntry e : g.entries()) {
            if (e instanceof VsgEntry.Range r) {
                for (InetAddress addr : r.addresses()) {
                    keys.add(ServiceKey.of(proto, addr, r.port()));
                }
            } else if (e instanceof VsgEntry.Fwmark f) {
                keys.add(ServiceKey.fwmark((int) f.mark(), family(f.family().orElse(IpFamily.INET))));
            }
        }
        return keys;
    }

    private static AddressFamily family(IpFamily f) {
        return f == IpFamily.INET ? AddressFamily.INET : AddressFamily.INET6;
    }

    public static Service spec(ServiceKey key, VirtualServer vs) {
        Set<ServiceFlag> flags = EnumSet.noneOf(ServiceFlag.class);
        for (SchedulerFlag f : vs.schedulerFlags()) {
            flags.add(switch (f) {
                case FLAG_1, SH_FALLBACK, MH_FALLBACK -> ServiceFlag.SCHED1;
                case FLAG_2, SH_PORT, MH_PORT -> ServiceFlag.SCHED2;
                case FLAG_3 -> ServiceFlag.SCHED3;
            });
        }
        if (vs.ops()) {
            flags.add(ServiceFlag.ONE_PACKET);
        }
        Optional<Persistence> persistence = vs.persistence().map(p -> new Persistence(
                (int) Math.max(1, p.timeout().toSeconds()),
                p.granularity().map(DesiredTableFromConfig::prefixOf).orElse(key.family().bits())));
        Optional<String> pe = vs.persistence().flatMap(p -> p.engine());
        return new Service(key, vs.scheduler(), flags, persistence, pe);
    }

    static int prefixOf(InetAddress mask) {
        int bits = 0;
        for (byte b : mask.getAddress()) {
            bits += Integer.bitCount(b & 0xFF);
        }
        return Math.max(1, bits);
    }

    public static Destination destination(ServiceKey key, InetAddress addr, int configuredPort, Forwarding fwd, int weight, int upper, int lower) {
        ForwardMethod m = switch (fwd.method()) {
            case NAT -> ForwardMethod.MASQ;
            case DR -> ForwardMethod.ROUTE;
            case TUN -> ForwardMethod.TUNNEL;
        };
        int servicePort = key instanceof ServiceKey.AddressKey a ? a.port() : 0;
        int port = m == ForwardMethod.MASQ ? (configuredPort != 0 ? configuredPort : servicePort) : servicePort;
        Tunnel tunnel = m != ForwardMethod.TUNNEL ? Tunnel.IPIP : new Tunnel(Tunnel.Type.valueOf(fwd.tunnelType().name()), fwd.tunnelPort(),
                Tunnel.Checksum.valueOf(fwd.checksum().name()));
        return new Destination(addr, port, m, weight, upper, lower, tunnel);
    }

    static DesiredService service(ServiceKey key, VirtualServer vs, RealServerHealth health) {
        Map<dev.fulcrum.conf.model.Endpoint, RealServerState> states = new LinkedHashMap<>();
        for (RealServer rs : vs.realServers()) {
            states.put(rs.endpoint(), health.healthy(key, rs) ? RealServerState.UP : RealServerState.DOWN);
        }
        return service(key, vs, ServicePolicy.evaluate(vs, states, Optional.empty()));
    }

    /** The IPVS service for one key of a virtual server, with its destinations as the policy decided. */
    public static DesiredService service(ServiceKey key, VirtualServer vs, ServiceVerdict verdict) {
        Map<DestinationId, DesiredDestination> dests = new LinkedHashMap<>();
        for (DestinationVerdict d : verdict.destinations()) {
            DesiredDestination dd = new DesiredDestination(destination(key, d.endpoint().address(), d.endpoint().port(), d.forwarding(),
                    d.weight(), d.upperThreshold(), d.lowerThreshold()), d.healthy(), d.inhibit());
            dests.putIfAbsent(dd.destination().id(), dd);
        }
        return new DesiredService(spec(key, vs), dests);
    }
}
