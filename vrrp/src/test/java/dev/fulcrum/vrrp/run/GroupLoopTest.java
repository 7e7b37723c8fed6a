package dev.fulcrum.vrrp.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.vrrp.machine.AdminCommand;
import dev.fulcrum.vrrp.machine.ElectionSettings;
import dev.fulcrum.vrrp.machine.SyncGroupMachine;
import dev.fulcrum.vrrp.machine.TrackerSet;
import dev.fulcrum.vrrp.machine.VrrpInstanceMachine;
import dev.fulcrum.vrrp.machine.VrrpState;
import dev.fulcrum.vrrp.spec.InstanceSpec;
import dev.fulcrum.vrrp.spec.NotifySpec;
import dev.fulcrum.vrrp.spec.VipSpec;
import dev.fulcrum.vrrp.wire.AdvertScreen;
import dev.fulcrum.vrrp.wire.AuthType;
import dev.fulcrum.vrrp.wire.VrrpVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner (event loop + receive thread + edges) on real time over an in-memory segment: election,
 * SIGTERM semantics, faults from trackers, rejection counters, and the advert cadence at 10 ms.
 */
class GroupLoopTest {
    static final List<VipSpec> VIPS = List.of(VipSpec.parse("10.99.0.50/24"));

    /** Records VIP operations instead of touching the kernel. */
    static final class RecordingVips implements VipApplier {
        final List<String> ops = new CopyOnWriteArrayList<>();

        @Override
        public void add(List<VipSpec> vips, String dev) {
            ops.add("add");
        }

        @Override
        public void remove(List<VipSpec> vips, String dev) {
            ops.add("remove");
        }

        boolean held() {
            return !ops.isEmpty() && ops.get(ops.size() - 1).equals("add");
        }
    }

    record Node(GroupLoop loop, SegmentChannel channel, RecordingVips vips, MeterRegistry registry, List<Integer> garps) {
        VrrpState state() throws Exception {
            // generous: under a loaded host an RT loop thread can wait for a starved VM thread at a
            // safepoint (this test does not promote it, VrrpService does); a state query is not a timing test
            return loop.inspect().get(5, TimeUnit.SECONDS).get(0).state();
        }

        double counter(String name) {
            var c = registry.find(name).counter();
            return c == null ? 0 : c.count();
        }
    }

    final List<Node> nodes = new ArrayList<>();
    final SegmentChannel.Segment segment = new SegmentChannel.Segment();

    Node node(String ip, int prio, int intervalCs) throws Exception {
        InstanceSpec spec = InstanceSpec.simple("VI_1", "eth0", 51, prio, VrrpVersion.V3, intervalCs, VIPS);
        AdvertScreen screen = new AdvertScreen(VrrpVersion.V3, 51, AuthType.NONE, "", intervalCs,
                List.of(InetAddress.getByName("10.99.0.50")), true, List.of(), false, Set.of(InetAddress.getByName(ip)));
        SegmentChannel ch = new SegmentChannel(segment, ip, screen);
        RecordingVips vips = new RecordingVips();
        List<Integer> garps = new CopyOnWriteArrayList<>();
        MeterRegistry reg = new SimpleMeterRegistry();
        InstanceEdges edges = new InstanceEdges(spec, ch, vips, garps::add,
                new NotifyScripts("INSTANCE", "VI_1", NotifySpec.NONE, 1000),
                new VrrpMetrics(reg, "VI_1", "eth0", 51, VIPS, List.of()));
        VrrpInstanceMachine m = new VrrpInstanceMachine(ElectionSettings.defaults("VI_1", VrrpVersion.V3, prio,
                intervalCs, InetAddress.getByName(ip)));
        TrackerSet ts = new TrackerSet().add("if:eth0", 0, false, true);
        GroupLoop loop = new GroupLoop("VI_1@" + ip, SyncGroupMachine.solo(m), Map.of("VI_1", edges),
                Map.of("VI_1", ts), new TrackerSet(), null);
        Node n = new Node(loop, ch, vips, reg, garps);
        nodes.add(n);
        loop.start();
        return n;
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Node n : nodes) {
            n.loop().stop().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void electsAndHandsOverOnStopWithPriorityZero() throws Exception {
        Node a = node("10.99.0.11", 150, 10);
        await().atMost(Duration.ofSeconds(3)).until(() -> a.state() == VrrpState.MASTER);
        Node b = node("10.99.0.12", 100, 10);
        await().atMost(Duration.ofSeconds(3)).until(() -> b.state() == VrrpState.BACKUP);
        Thread.sleep(500);
        assertEquals(VrrpState.BACKUP, b.state());
        assertTrue(a.vips().held());
        assertEquals(List.of("remove"), b.vips().ops, "backup only cleared stale VIPs at start");
        assertEquals(List.of(5), a.garps());

        a.loop().stop().get(3, TimeUnit.SECONDS);
        assertEquals("remove", a.vips().ops.get(a.vips().ops.size() - 1), "stopped master removed its VIPs");
        assertEquals(0, a.channel().sent.get(a.channel().sent.size() - 1).advert().priority());
        assertEquals(1.0, a.counter("keepalived.priority.zero.sent"));
        await().atMost(Duration.ofSeconds(3)).until(() -> b.state() == VrrpState.MASTER);
        assertTrue(b.vips().held(), () -> "VIP operations of the new master: " + b.vips().ops);
        assertEquals(1.0, b.counter("keepalived.priority.zero.received"));
        assertEquals(1.0, b.counter("keepalived.become.master"));
        assertTrue(b.counter("keepalived.advertisements.received") >= 4, "adverts heard as backup");
    }

    @Test
    void linkFaultResignsAndTheBackupTakesOver() throws Exception {
        Node a = node("10.99.0.11", 150, 10);
        await().atMost(Duration.ofSeconds(3)).until(() -> a.state() == VrrpState.MASTER);
        Node b = node("10.99.0.12", 100, 10);
        await().atMost(Duration.ofSeconds(3)).until(() -> b.state() == VrrpState.BACKUP);
        a.loop().reading("VI_1", "if:eth0", 0);
        await().atMost(Duration.ofSeconds(3)).until(() -> a.state() == VrrpState.FAULT);
        assertTrue(!a.vips().held());
        await().atMost(Duration.ofSeconds(3)).until(() -> b.state() == VrrpState.MASTER);
        a.loop().reading("VI_1", "if:eth0", 1);
        await().atMost(Duration.ofSeconds(3)).until(() -> a.state() == VrrpState.MASTER);
        await().atMost(Duration.ofSeconds(3)).until(() -> b.state() == VrrpState.BACKUP);
    }

    @Test
    void adminResignAndTakeover() throws Exception {
        Node a = node("10.99.0.11", 150, 10);
        await().atMost(Duration.ofSeconds(3)).until(() -> a.state() == VrrpState.MASTER);
        Node b = node("10.99.0.12", 100, 10);
        await().atMost(Duration.ofSeconds(3)).until(() -> b.state() == VrrpState.BACKUP);
        a.loop().admin(AdminCommand.RESIGN).get(1, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(3)).until(() -> b.state() == VrrpState.MASTER);
        Thread.sleep(500);
        assertEquals(VrrpState.BACKUP, a.state(), "a resigned node does not preempt back");
        a.loop().admin(AdminCommand.TAKEOVER).get(1, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(3)).until(() -> a.state() == VrrpState.MASTER && b.state() == VrrpState.BACKUP);
    }

    @Test
    void malformedPacketsAreCountedByReason() throws Exception {
        Node a = node("10.99.0.11", 150, 10);
        await().atMost(Duration.ofSeconds(3)).until(() -> a.state() == VrrpState.MASTER);
        byte[] junk = new byte[40];
        junk[0] = 0x45;
        junk[3] = 40;
        junk[8] = 64; // TTL 64
        junk[9] = 112;
        segment.inject(junk);
        await().atMost(Duration.ofSeconds(2)).until(() -> a.registry().find("keepalived.ip.ttl.errors").counter().count() == 1);
        assertEquals(1.0, a.registry().get("fulcrum.vrrp.rejected").tag("reason", "ip_ttl_err").counter().count());
        assertEquals(VrrpState.MASTER, a.state());
    }

    /** Prints the advert cadence at a 10 ms interval (a figure, not an assertion on time). */
    @Test
    void advertCadenceAtTenMilliseconds() throws Exception {
        Node a = node("10.99.0.11", 150, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.state() == VrrpState.MASTER);
        int from = a.channel().sent.size();
        Thread.sleep(2000);
        // A snapshot first: a sub-list view of a copy-on-write list fails if the loop sends meanwhile.
        List<SegmentChannel.Sent> all = List.copyOf(a.channel().sent);
        List<SegmentChannel.Sent> s = all.subList(from, all.size());
        long[] gaps = new long[s.size() - 1];
        for (int i = 1; i < s.size(); i++) {
            gaps[i - 1] = s.get(i).nanos() - s.get(i - 1).nanos();
        }
        Arrays.sort(gaps);
        assertTrue(gaps.length > 150, "adverts were sent: " + gaps.length);
        System.out.printf("FIGURE advert cadence at 10 ms (in-process): n=%d p50=%.3f ms p99=%.3f ms max=%.3f ms%n",
                gaps.length, gaps[gaps.length / 2] / 1e6, gaps[(int) (gaps.length * 0.99)] / 1e6, gaps[gaps.length - 1] / 1e6);
    }
}
