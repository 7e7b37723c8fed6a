package dev.fulcrum.ipvs.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.ipvs.IpvsOperation;
import dev.fulcrum.ipvs.IpvsadmFormat;
import dev.fulcrum.ipvs.OperationResult;
import dev.fulcrum.ipvs.model.AddressFamily;
import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.ForwardMethod;
import dev.fulcrum.ipvs.model.IpvsInfo;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.Persistence;
import dev.fulcrum.ipvs.model.Protocol;
import dev.fulcrum.ipvs.model.Service;
import dev.fulcrum.ipvs.model.ServiceFlag;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.model.SyncDaemon;
import dev.fulcrum.ipvs.model.Timeouts;
import dev.fulcrum.ipvs.model.Tunnel;
import dev.fulcrum.lab.KernelTest;
import dev.fulcrum.net.netlink.NetlinkException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The IPVS client against the real kernel, cross-checked with ipvsadm. One VM boot for the class. */
@KernelTest
class IpvsClientKernelIT extends KernelIpvsClass {

    @BeforeEach
    void empty() {
        client.flush();
    }

    /** Every service and destination option, in one batch. */
    static Map<Service, List<Destination>> everyOption() {
        Map<Service, List<Destination>> m = new java.util.LinkedHashMap<>();
        ServiceKey web = ServiceKey.of(Protocol.TCP, ip("10.0.0.1"), 80);
        m.put(Service.of(web, "rr"), List.of(
                new Destination(ip("192.168.10.11"), 8080, ForwardMethod.MASQ, 5, 100, 10, Tunnel.IPIP),
                Destination.of(ip("192.168.10.12"), 80, ForwardMethod.ROUTE, Integer.MAX_VALUE),
                new Destination(ip("192.168.10.13"), 80, ForwardMethod.TUNNEL, 1, 0, 0, new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.NOCSUM)),
                new Destination(ip("192.168.10.14"), 80, ForwardMethod.TUNNEL, 1, 0, 0, new Tunnel(Tunnel.Type.GRE, 0, Tunnel.Checksum.CSUM)),
                new Destination(ip("192.168.10.15"), 80, ForwardMethod.TUNNEL, 1, 0, 0, new Tunnel(Tunnel.Type.GUE, 5555, Tunnel.Checksum.REMCSUM)),
                Destination.of(ip("2001:db8::14"), 80, ForwardMethod.TUNNEL, 1)));
        m.put(Service.of(ServiceKey.of(Protocol.UDP, ip("10.0.0.2"), 53), "sh")
                .withFlags(Set.of(ServiceFlag.SH_PORT, ServiceFlag.SH_FALLBACK, ServiceFlag.ONE_PACKET)), List.of(
                Destination.of(ip("192.168.10.21"), 53, ForwardMethod.MASQ, 0)));
        m.put(Service.of(ServiceKey.of(Protocol.TCP, ip("10.0.0.3"), 0), "wlc").withPersistence(new Persistence(300, 24)), List.of());
        m.put(Service.of(ServiceKey.of(Protocol.UDP, ip("10.0.0.4"), 5060), "rr").withPersistence(new Persistence(60, 32))
                .withPersistenceEngine("sip"), List.of());
        m.put(Service.of(ServiceKey.of(Protocol.SCTP, ip("10.0.0.5"), 3868), "mh").withFlags(Set.of(ServiceFlag.MH_PORT)), List.of(
                Destination.of(ip("192.168.10.31"), 3868, ForwardMethod.MASQ, 7)));
        m.put(Service.of(ServiceKey.of(Protocol.TCP, ip("10.0.0.6"), 80), "fo").withFlags(Set.of(ServiceFlag.SCHED3)), List.of());
        m.put(Service.of(ServiceKey.of(Protocol.TCP, ip("2001:db8::1"), 443), "wrr").withPersistence(new Persistence(120, 64)), List.of(
                Destination.of(ip("2001:db8::10"), 443, ForwardMethod.MASQ, 3),
                new Destination(ip("2001:db8::11"), 8443, ForwardMethod.MASQ, 4, 50, 5, Tunnel.IPIP)));
        m.put(Service.of(ServiceKey.fwmark(7, AddressFamily.INET), "lc"), List.of(
                Destination.of(ip("192.168.10.41"), 0, ForwardMethod.ROUTE, 1)));
        m.put(Service.of(ServiceKey.fwmark(8, AddressFamily.INET6), "nq"), List.of(
                Destination.of(ip("2001:db8::41"), 0, ForwardMethod.ROUTE, 2)));
        return m;
    }

    static List<IpvsOperation> addAll(Map<Service, List<Destination>> m) {
        List<IpvsOperation> ops = new ArrayList<>();
        m.forEach((s, ds) -> {
            ops.add(new IpvsOperation.AddService(s));
            ds.forEach(d -> ops.add(new IpvsOperation.AddDestination(s.key(), d)));
        });
        return ops;
    }

    @Test
    void everyOptionIsStoredReadBackAndMatchesIpvsadm() {
        Map<Service, List<Destination>> want = everyOption();
        List<OperationResult> results = client.apply(addAll(want));
        for (OperationResult r : results) {
            assertTrue(r.ok(), r.operation().describe() + ": " + r.error().map(Throwable::getMessage).orElse(""));
        }
        KernelTable t = client.table();
        assertEquals(want.size(), t.serviceCount());
        want.forEach((s, ds) -> {
            KernelTable.Entry e = t.get(s.key()).orElseThrow(() -> new AssertionError("missing " + s.key()));
            assertEquals(s, e.service().service(), "service read back");
            assertEquals(ds.size(), e.destinations().size(), s.key().describe());
            for (Destination d : ds) {
                DestinationEntry got = e.destinations().get(d.id());
                assertEquals(d, got.destination(), "destination read back");
                assertEquals(0, got.activeConnections());
            }
            assertEquals(s, client.service(s.key()).orElseThrow().service(), "GET_SERVICE do-request");
        });
        assertTrue(client.destinations(ServiceKey.of(Protocol.TCP, ip("10.9.9.9"), 1)).isEmpty(), "unknown service: empty dump");
        assertEquals(Optional.empty(), client.service(ServiceKey.of(Protocol.TCP, ip("10.9.9.9"), 1)));

        IpvsInfo info = client.info();
        assertEquals("1.2.1", info.version());
        assertEquals(Lab.sh("ipvsadm -Ln"), IpvsadmFormat.list(t, info, IpvsadmFormat.Mode.CONNECTIONS, false));
        assertEquals(Lab.sh("ipvsadm -Ln --stats"), IpvsadmFormat.list(t, info, IpvsadmFormat.Mode.STATS, false));
        assertEquals(Lab.sh("ipvsadm -Ln --rate"), IpvsadmFormat.list(t, info, IpvsadmFormat.Mode.RATE, false));
        assertEquals(Lab.sh("ipvsadm -Ln --stats --exact"), IpvsadmFormat.list(t, info, IpvsadmFormat.Mode.STATS, true));
        assertEquals(Lab.sh("ipvsadm -S -n"), IpvsadmFormat.rules(t));
        // thresholds are not in -S; check them against the --thresholds view
        String th = Lab.sh("ipvsadm -Ln --thresholds");
        assertTrue(th.contains("  -> 192.168.10.11:8080           100        10 "), th);
        assertTrue(th.contains("  -> [2001:db8::11]:8443          50         5  "), th);
    }

    @Test
    void everySchedulerAndChangesInPlace() {
        List<String> scheds = List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh");
        List<IpvsOperation> ops = new ArrayList<>();
        for (int i = 0; i < scheds.size(); i++) {
            ops.add(new IpvsOperation.AddService(Service.of(ServiceKey.of(Protocol.TCP, ip("10.1.0." + (i + 1)), 80), scheds.get(i))));
        }
        assertTrue(client.apply(ops).stream().allMatch(OperationResult::ok));
        List<String> got = client.table().services().values().stream().map(s -> s.service().service().scheduler()).toList();
        assertEquals(scheds, got);
        // SET changes scheduler, flags and persistence without re-creating the service
        ServiceKey k = ServiceKey.of(Protocol.TCP, ip("10.1.0.1"), 80);
        Destination d = Destination.of(ip("192.168.1.1"), 80, ForwardMethod.MASQ, 1);
        client.execute(new IpvsOperation.AddDestination(k, d));
        Service changed = Service.of(k, "sh").withFlags(Set.of(ServiceFlag.SH_PORT)).withPersistence(new Persistence(30, 16));
        client.execute(new IpvsOperation.UpdateService(changed));
        client.execute(new IpvsOperation.UpdateDestination(k, new Destination(d.address(), 80, ForwardMethod.ROUTE, 9, 7, 3, Tunnel.IPIP)));
        KernelTable t = client.table();
        assertEquals(changed, t.get(k).orElseThrow().service().service());
        DestinationEntry de = t.get(k).orElseThrow().destinations().values().iterator().next();
        assertEquals(9, de.destination().weight());
        assertEquals(ForwardMethod.ROUTE, de.destination().method());
        assertTrue(Lab.sh("ipvsadm -Ln -t 10.1.0.1:80").contains("sh (sh-port) persistent 30 mask 255.255.0.0"));
        client.execute(new IpvsOperation.DeleteDestination(k, d.id()));
        client.execute(new IpvsOperation.DeleteService(k));
        assertEquals(scheds.size() - 1, client.services().size());
        client.flush();
        assertEquals("", Lab.sh("ipvsadm -S -n"));
    }

    @Test
    void aBatchOfManyDatagramsKeepsEachFailureOnItsOwnOperation() {
        // 1,200 operations span several sendmsg chunks; the failures sit in the middle of them
        List<IpvsOperation> ops = new ArrayList<>();
        List<Integer> failing = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ServiceKey k = ServiceKey.of(Protocol.TCP, ip("10.3." + (i / 200) + "." + (i % 200 + 1)), 80);
            ops.add(new IpvsOperation.AddService(Service.of(k, "rr")));
            if (i == 150 || i == 250) {
                failing.add(ops.size());
                ops.add(new IpvsOperation.AddService(Service.of(k, "wlc"))); // EEXIST
            }
            ops.add(new IpvsOperation.AddDestination(k, Destination.of(ip("192.168.3.1"), 80, ForwardMethod.MASQ, 1)));
            if (i == 200) {
                failing.add(ops.size());
                ops.add(new IpvsOperation.AddDestination(k, Destination.of(ip("192.168.3.2"), 80, ForwardMethod.MASQ, -1))); // ERANGE
            }
            ops.add(new IpvsOperation.AddDestination(k, Destination.of(ip("192.168.3.3"), 80, ForwardMethod.MASQ, 1)));
        }
        List<OperationResult> r = client.apply(ops);
        assertEquals(ops.size(), r.size());
        for (int i = 0; i < r.size(); i++) {
            assertEquals(ops.get(i), r.get(i).operation());
            assertEquals(!failing.contains(i), r.get(i).ok(), i + ": " + r.get(i));
        }
        assertEquals(List.of("EEXIST", "ERANGE", "EEXIST"), failing.stream().map(i -> r.get(i).errnoName()).toList());
        KernelTable t = client.table();
        assertEquals(400, t.serviceCount());
        assertEquals(800, t.destinationCount());
        client.flush();
    }

    @Test
    void errorsNameTheObjectAndErrnoAndDoNotStopTheBatch() {
        ServiceKey good = ServiceKey.of(Protocol.TCP, ip("10.2.0.1"), 80);
        ServiceKey bad = ServiceKey.of(Protocol.TCP, ip("10.2.0.2"), 80);
        List<IpvsOperation> ops = List.of(
                new IpvsOperation.AddService(Service.of(bad, "nosuchsched")),
                new IpvsOperation.AddService(Service.of(good, "rr")),
                new IpvsOperation.AddDestination(good, Destination.of(ip("192.168.2.1"), 80, ForwardMethod.MASQ, -1)),
                new IpvsOperation.AddDestination(good, Destination.of(ip("192.168.2.2"), 80, ForwardMethod.MASQ, 1)),
                new IpvsOperation.AddService(Service.of(good, "wlc")),
                new IpvsOperation.AddDestination(bad, Destination.of(ip("192.168.2.3"), 80, ForwardMethod.MASQ, 1)),
                new IpvsOperation.AddDestination(good, new Destination(ip("192.168.2.4"), 80, ForwardMethod.MASQ, 1, 5, 10, Tunnel.IPIP)),
                new IpvsOperation.DeleteDestination(good, Destination.of(ip("192.168.2.9"), 80, ForwardMethod.MASQ, 1).id()),
                new IpvsOperation.AddDestination(good, Destination.of(ip("192.168.2.5"), 80, ForwardMethod.MASQ, 2)));
        List<OperationResult> r = client.apply(ops);
        assertEquals(List.of("ENOENT", "", "ERANGE", "", "EEXIST", "ESRCH", "ERANGE", "ENOENT", ""),
                r.stream().map(OperationResult::errnoName).toList());
        assertEquals("add service TCP 10.2.0.2:80: ENOENT", r.get(0).error().get().getMessage().replaceAll(" \\(.*\\)$", ""));
        assertTrue(r.get(2).error().get().getMessage().startsWith("add destination 192.168.2.1:80 of TCP 10.2.0.1:80: ERANGE"),
                r.get(2).error().get().getMessage());
        KernelTable t = client.table();
        assertEquals(Set.of(good), t.services().keySet());
        assertEquals(2, t.get(good).orElseThrow().destinations().size());
        NetlinkException e = assertThrows(NetlinkException.class, () -> client.execute(new IpvsOperation.DeleteService(bad)));
        assertEquals("ESRCH", e.errnoName());
    }

    @Test
    void timeoutsInfoDaemonsFlushAndZero() {
        IpvsInfo info = client.info();
        assertTrue(Lab.sh("ipvsadm -Ln").startsWith("IP Virtual Server version " + info.version() + " (size=" + info.connectionTableSize() + ")"));
        Timeouts before = client.timeouts();
        client.setTimeouts(new Timeouts(901, 121, 301));
        assertEquals(new Timeouts(901, 121, 301), client.timeouts());
        assertEquals("Timeout (tcp tcpfin udp): 901 121 301", Lab.sh("ipvsadm -L --timeout").strip());
        client.setTimeouts(new Timeouts(0, 0, 302));
        assertEquals(new Timeouts(901, 121, 302), client.timeouts(), "0 leaves a timeout unchanged");
        client.setTimeouts(before);

        Lab.sh("ip link add fsync0 type dummy && ip addr add 192.0.2.1/24 dev fsync0 && ip link set fsync0 up");
        try {
            client.startDaemon(new SyncDaemon(SyncDaemon.Role.MASTER, "fsync0", 51, 1400, Optional.of(ip("224.0.0.81")), 8848, 1));
            client.startDaemon(SyncDaemon.of(SyncDaemon.Role.BACKUP, "fsync0", 51));
            List<SyncDaemon> ds = client.daemons();
            assertEquals(2, ds.size(), ds.toString());
            SyncDaemon m = ds.stream().filter(d -> d.role() == SyncDaemon.Role.MASTER).findFirst().orElseThrow();
            assertEquals("fsync0", m.interfaceName());
            assertEquals(51, m.syncId());
            assertEquals(1400, m.maxLength());
            assertEquals(8848, m.port());
            String daemons = Lab.sh("ipvsadm -L --daemon");
            assertTrue(daemons.contains("master sync daemon (mcast=fsync0, syncid=51, maxlen=1400, group=224.0.0.81, port=8848, ttl=1)"), daemons);
            assertTrue(daemons.contains("backup sync daemon (mcast=fsync0, syncid=51"), daemons);
            NetlinkException dup = assertThrows(NetlinkException.class, () -> client.startDaemon(SyncDaemon.of(SyncDaemon.Role.MASTER, "fsync0", 1)));
            assertEquals("EEXIST", dup.errnoName());
            client.stopDaemon(SyncDaemon.Role.MASTER);
            client.stopDaemon(SyncDaemon.Role.BACKUP);
            assertTrue(client.daemons().isEmpty());
            assertEquals("ESRCH", assertThrows(NetlinkException.class, () -> client.stopDaemon(SyncDaemon.Role.MASTER)).errnoName());
            assertEquals("ENODEV", assertThrows(NetlinkException.class,
                    () -> client.startDaemon(SyncDaemon.of(SyncDaemon.Role.MASTER, "nosuch0", 1))).errnoName());
        } finally {
            Lab.shAllowFail("ip link del fsync0");
        }

        client.apply(addAll(everyOption()));
        client.zero(Optional.empty());
        client.zero(Optional.of(ServiceKey.fwmark(7, AddressFamily.INET)));
        assertFalse(client.services().isEmpty());
        client.flush();
        assertTrue(client.services().isEmpty());
        assertEquals(3, Lab.sh("ipvsadm -Ln").lines().count());
    }
}
