package dev.fulcrum.ipvs.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.model.Endpoint;
import dev.fulcrum.conf.model.VirtualServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServicePolicyTest {
    static VirtualServer vs(String body) {
        String text = "virtual_server 192.0.2.100 80 {\n  lb_algo wrr\n  lb_kind NAT\n  protocol TCP\n" + body
                + "\n  real_server 198.51.100.11 80 { weight 2 }\n  real_server 198.51.100.12 80 { weight 3 }\n}\n";
        ConfResult r = KeepalivedConf.parse(Path.of("/tmp/policy-test.conf"), text, LoadOptions.forId("lb1"));
        assertFalse(r.hasErrors(), r.diagnostics().toString());
        return r.config().orElseThrow().virtualServers().get(0);
    }

    static Endpoint ep(String a) throws Exception {
        return new Endpoint(InetAddress.getByName(a), 80);
    }

    static Map<Endpoint, RealServerState> states(boolean rs1, boolean rs2) throws Exception {
        Map<Endpoint, RealServerState> m = new HashMap<>();
        m.put(ep("198.51.100.11"), rs1 ? RealServerState.UP : RealServerState.DOWN);
        m.put(ep("198.51.100.12"), rs2 ? RealServerState.UP : RealServerState.DOWN);
        return m;
    }

    @Test
    void allAliveGivesEveryDestinationWithItsWeightAndQuorumUp() throws Exception {
        ServiceVerdict v = ServicePolicy.evaluate(vs(""), states(true, true), Optional.empty());
        assertTrue(v.quorumUp());
        assertEquals(5, v.weightSum());
        assertFalse(v.sorryActive());
        assertEquals(List.of(2, 3), v.destinations().stream().map(DestinationVerdict::weight).toList());
        assertTrue(v.destinations().stream().allMatch(DestinationVerdict::healthy));
        assertTrue(v.transition().isEmpty(), "the first evaluation reports no transition");
    }

    @Test
    void dynamicWeightAddsToTheConfiguredWeightAndNeverGoesNegative() throws Exception {
        Map<Endpoint, RealServerState> m = states(true, true);
        m.put(ep("198.51.100.11"), new RealServerState(true, 5));
        m.put(ep("198.51.100.12"), new RealServerState(true, -10));
        ServiceVerdict v = ServicePolicy.evaluate(vs(""), m, Optional.of(true));
        assertEquals(List.of(7, 0), v.destinations().stream().map(DestinationVerdict::weight).toList());
        assertEquals(7, v.weightSum());
    }

    @Test
    void quorumWithHysteresisNeedsTheFullMarginToFlip() throws Exception {
        VirtualServer vs = vs("  quorum 3\n  hysteresis 1\n  sorry_server 203.0.113.9 80");
        // rs2 alone weighs 3 >= quorum-hysteresis (2): quorum holds
        ServiceVerdict v = ServicePolicy.evaluate(vs, states(false, true), Optional.of(true));
        assertTrue(v.quorumUp());
        assertTrue(v.transition().isEmpty());
        // rs1 alone weighs 2, not < 2: still holds
        v = ServicePolicy.evaluate(vs, states(true, false), Optional.of(true));
        assertTrue(v.quorumUp());
        // nothing alive: lost, sorry server serves, real servers leave
        v = ServicePolicy.evaluate(vs, states(false, false), Optional.of(true));
        assertFalse(v.quorumUp());
        assertTrue(v.sorryActive());
        assertEquals("Lost quorum 3-1=2 > 0 for VS [192.0.2.100]:tcp:80", v.transition().orElseThrow().describe());
        DestinationVerdict sorry = v.destinations().get(v.destinations().size() - 1);
        assertTrue(sorry.sorryServer() && sorry.healthy());
        assertEquals("203.0.113.9", sorry.endpoint().address().getHostAddress());
        // rs2 back (3 < quorum+hysteresis 4): still lost, and the alive rs2 is kept out
        v = ServicePolicy.evaluate(vs, states(false, true), Optional.of(false));
        assertFalse(v.quorumUp());
        assertTrue(v.sorryActive());
        assertEquals(List.of(true), v.destinations().stream().map(DestinationVerdict::sorryServer).toList(),
                "real servers stay out while the sorry server serves");
        // both back (5 >= 4): gained, sorry server leaves
        v = ServicePolicy.evaluate(vs, states(true, true), Optional.of(false));
        assertTrue(v.quorumUp());
        assertEquals("Gained quorum 3+1=4 <= 5 for VS [192.0.2.100]:tcp:80", v.transition().orElseThrow().describe());
        assertEquals(2, v.destinations().size(), "no sorry server entry without sorry_server_inhibit");
    }

    @Test
    void startingWithQuorumDownPutsTheSorryServerInAtOnce() throws Exception {
        // quorum 5 = the sum of the configured weights; rs1 (weight 2) is down from the start
        ServiceVerdict v = ServicePolicy.evaluate(vs("  quorum 5\n  sorry_server 203.0.113.9 80"), states(false, true), Optional.empty());
        assertFalse(v.quorumUp());
        assertTrue(v.sorryActive());
        assertTrue(v.transition().isEmpty());
    }

    @Test
    void sorryServerInhibitKeepsItAtWeightZeroWhileQuorumHolds() throws Exception {
        ServiceVerdict v = ServicePolicy.evaluate(vs("  sorry_server 203.0.113.9 80\n  sorry_server_inhibit"), states(true, true), Optional.of(true));
        DestinationVerdict sorry = v.destinations().get(2);
        assertTrue(sorry.sorryServer());
        assertEquals(0, sorry.weight(), "kept in the table at weight 0");
        assertTrue(sorry.healthy(), "present, not drained");
    }

    @Test
    void withoutASorryServerQuorumOnlyNotifies() throws Exception {
        ServiceVerdict v = ServicePolicy.evaluate(vs("  quorum 4"), states(false, true), Optional.of(true));
        assertFalse(v.quorumUp());
        assertTrue(v.transition().isPresent());
        assertFalse(v.sorryActive());
        assertTrue(v.destinations().get(1).healthy(), "the alive real server keeps serving");
        assertFalse(v.destinations().get(0).healthy());
    }

    @Test
    void inhibitedRealServersStayAtWeightZeroWhileTheSorryServerServes() throws Exception {
        ServiceVerdict v = ServicePolicy.evaluate(vs("  inhibit_on_failure\n  sorry_server 203.0.113.9 80"), states(false, false), Optional.of(true));
        assertTrue(v.sorryActive());
        assertEquals(3, v.destinations().size());
        assertTrue(v.destinations().get(0).inhibit() && !v.destinations().get(0).healthy());
    }

    @Test
    void inhibitOnFailureIsCarriedToTheVerdict() throws Exception {
        ServiceVerdict v = ServicePolicy.evaluate(vs("  inhibit_on_failure"), states(false, true), Optional.of(true));
        assertTrue(v.destinations().get(0).inhibit());
        assertFalse(v.destinations().get(0).healthy());
    }

    @Test
    void aRealServerWithoutStateStartsUpUnlessAlpha() throws Exception {
        ServiceVerdict v = ServicePolicy.evaluate(vs(""), Map.of(), Optional.empty());
        assertTrue(v.destinations().stream().allMatch(DestinationVerdict::healthy));
        v = ServicePolicy.evaluate(vs("  alpha"), Map.of(), Optional.empty());
        assertTrue(v.destinations().stream().noneMatch(DestinationVerdict::healthy));
        assertFalse(v.quorumUp());
    }
}
