package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.machine.GarpPolicy;
import dev.fulcrum.vrrp.spec.InstanceSpec;
import dev.fulcrum.vrrp.spec.NotifySpec;
import dev.fulcrum.vrrp.spec.TrackProcessSpec;
import dev.fulcrum.vrrp.spec.TrackRef;
import dev.fulcrum.vrrp.spec.VipSpec;
import dev.fulcrum.vrrp.spec.VirtualRoute;
import dev.fulcrum.vrrp.spec.VirtualRule;
import dev.fulcrum.vrrp.spec.VrrpSpec;
import dev.fulcrum.vrrp.wire.AuthType;
import dev.fulcrum.vrrp.wire.UnicastPeer;
import dev.fulcrum.vrrp.wire.V3Checksum;
import dev.fulcrum.vrrp.wire.VrrpVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A one-instance VRRP director for the netns ITs, started with {@code ip netns exec NS java -cp ...}.
 * It stands in for {@code fulcrum run} (director-app's) with the same SIGTERM semantics: stop the
 * service (Masters send priority 0, remove VIPs) and exit 0.
 *
 * <p>Arguments: {@code --name VI_1 --if eth0 --vrid 51 --prio 150 --version 3 --advert-cs 100
 * --vip 10.99.0.50/24 [--state MASTER] [--nopreempt] [--pass SECRET] [--src IP --peer IP ...]
 * [--v3-as-v2] [--notify CMD] [--min-garp] [--route "ip route line"] [--rule "ip rule line"]
 * [--track-process "NAME ARGS" --track-weight W] [--no-accept]
 * [--vmac NAME [--vmac-xmit-base]]}
 */
public final class LabDirector {
    public static void main(String[] args) throws Exception {
        String name = "VI_1";
        String ifname = "eth0";
        int vrid = 51;
        int prio = 100;
        VrrpVersion version = VrrpVersion.V3;
        int advertCs = 100;
        boolean master = false;
        boolean nopreempt = false;
        AuthType auth = AuthType.NONE;
        String pass = "";
        InetAddress src = null;
        List<UnicastPeer> peers = new ArrayList<>();
        List<VipSpec> vips = new ArrayList<>();
        V3Checksum form = V3Checksum.PSEUDO_HEADER;
        String notify = null;
        int allocMbPerSecond = 0;
        List<VirtualRoute> routes = new ArrayList<>();
        List<VirtualRule> rules = new ArrayList<>();
        String trackProcess = null;
        int trackWeight = 0;
        boolean accept = true;
        String vmac = null;
        boolean vmacXmitBase = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--name" -> name = args[++i];
                case "--if" -> ifname = args[++i];
                case "--vrid" -> vrid = Integer.parseInt(args[++i]);
                case "--prio" -> prio = Integer.parseInt(args[++i]);
                case "--version" -> version = VrrpVersion.of(Integer.parseInt(args[++i]));
                case "--advert-cs" -> advertCs = Integer.parseInt(args[++i]);
                case "--vip" -> vips.add(VipSpec.parse(args[++i]));
                case "--state" -> master = args[++i].equalsIgnoreCase("MASTER");
                case "--nopreempt" -> nopreempt = true;
                case "--pass" -> {
                    auth = AuthType.PASS;
                    pass = args[++i];
                }
                case "--src" -> src = InetAddress.getByName(args[++i]);
                case "--peer" -> peers.add(UnicastPeer.of(InetAddress.getByName(args[++i])));
                case "--v3-as-v2" -> form = V3Checksum.AS_V2;
                case "--notify" -> notify = args[++i];
                case "--route" -> routes.add(VirtualRoute.parse(args[++i]));
                case "--rule" -> rules.add(VirtualRule.parse(args[++i]));
                case "--track-process" -> trackProcess = args[++i];
                case "--no-accept" -> accept = false;
                case "--vmac" -> vmac = args[++i];
                case "--vmac-xmit-base" -> vmacXmitBase = true;
                case "--track-weight" -> trackWeight = Integer.parseInt(args[++i]);
                case "--alloc-mb-s" -> allocMbPerSecond = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        InstanceSpec spec = new InstanceSpec(name, ifname, vrid, prio, version, advertCs, master, nopreempt, 0, auth,
                pass, vips, List.of(), src, peers, !peers.isEmpty(), 255, 3, false, false, form, false,
                GarpPolicy.KEEPALIVED_DEFAULTS, List.of(), List.of(), List.of(), false,
                notify == null ? NotifySpec.NONE : new NotifySpec(null, null, null, null, notify, null), routes, rules,
                trackProcess == null ? List.of() : List.of(TrackRef.unweighted("proc")), accept, vmac, vmacXmitBase);
        Map<String, TrackProcessSpec> procs = new HashMap<>();
        if (trackProcess != null) {
            List<String> w = List.of(trackProcess.split(" "));
            // as keepalived: arguments mean an exact match on them and on argv[0] as a whole
            procs.put("proc", new TrackProcessSpec("proc", w.get(0), w.subList(1, w.size()), w.size() > 1, trackWeight, false, 1, -1, 0, 0));
        }
        VrrpService service = new VrrpService(new VrrpSpec(List.of(spec), List.of(), Map.of(), Map.of(), null, false, procs),
                new SimpleMeterRegistry());
        CountDownLatch done = new CountDownLatch(1);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> {
            service.stop(Duration.ofSeconds(5));
            done.countDown();
        });
        service.start();
        if (allocMbPerSecond > 0) {
            startAllocationPressure(allocMbPerSecond);
        }
        System.out.println("LabDirector " + name + " started");
        done.await();
        System.out.println("LabDirector " + name + " stopped");
        System.out.flush();
        System.exit(0);
    }

    /**
     * Garbage at a steady rate, with a slice kept alive for a while so some of it is promoted: the
     * allocation pattern of a busy director (checkers, metrics) sharing the JVM with VRRP.
     */
    static void startAllocationPressure(int mbPerSecond) {
        Thread t = new Thread(() -> {
            byte[][] retained = new byte[4096][];
            long perTick = mbPerSecond * 1024L * 1024L / 100;
            long next = System.nanoTime();
            int k = 0;
            long sink = 0;
            while (true) {
                for (long done = 0; done < perTick; done += 1024) {
                    byte[] b = new byte[1024];
                    b[k & 1023] = (byte) k;
                    sink += b[7];
                    if ((k++ & 63) == 0) {
                        retained[k & 4095] = b;
                    }
                }
                next += 10_000_000L;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(sleep);
                } else {
                    next = System.nanoTime();
                }
                if (sink == 42) {
                    System.out.print("");
                }
            }
        }, "allocation-pressure");
        t.setDaemon(true);
        t.start();
    }
}
