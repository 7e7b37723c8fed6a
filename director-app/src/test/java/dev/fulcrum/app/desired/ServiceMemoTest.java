package dev.fulcrum.app.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.model.Endpoint;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.VirtualServer;
import dev.fulcrum.ipvs.conf.RealServerState;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The incremental build against the plain one, over health changes, quorum transitions and reloads. */
class ServiceMemoTest {
    static KeepalivedConfig load(String text) {
        return KeepalivedConf.parse(Path.of("/etc/keepalived/keepalived.conf"), text, LoadOptions.forId("lb1")).config().orElseThrow();
    }

    static String conf(int services, String extra) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= services; i++) {
            sb.append("virtual_server 192.0.2.").append(i).append(" 80 {\n lb_kind NAT\n protocol TCP\n quorum 2\n")
                    .append(" sorry_server 203.0.113.9 80\n")
                    .append(" real_server 198.51.100.1 80 { weight 1 }\n real_server 198.51.100.2 80 { weight 1 }\n")
                    .append(i == 2 ? extra : "").append("}\n");
        }
        return sb.toString();
    }

    static Endpoint ep(String a) throws Exception {
        return new Endpoint(InetAddress.getByName(a), 80);
    }

    /** Mirrors the director: quorum carried from build to build, health maps replaced on change. */
    static final class Run {
        KeepalivedConfig config;
        ServiceIndex index;
        final Map<String, Map<Endpoint, RealServerState>> health = new HashMap<>();
        final Map<String, Boolean> quorumMemo = new HashMap<>();
        final Map<String, Boolean> quorumPlain = new HashMap<>();
        final ServiceMemo memo = new ServiceMemo();
        final List<String> transitions = new ArrayList<>();

        Run(KeepalivedConfig c) {
            config(c);
        }

        void config(KeepalivedConfig c) {
            config = c;
            index = ServiceIndex.of(c);
        }

        void down(String vs, String server) throws Exception {
            Map<Endpoint, RealServerState> m = new HashMap<>(health.getOrDefault(vs, Map.of()));
            m.put(ep(server), RealServerState.DOWN);
            health.put(vs, Map.copyOf(m));
        }

        /** Builds both ways and checks they agree; returns how many services the memo reused. */
        int build() {
            DesiredTableAssembler.Build plain = DesiredTableAssembler.build(config, index, health, quorumPlain);
            DesiredTableAssembler.Build inc = memo.build(config, index, health, quorumMemo);
            assertEquals(plain.table().services(), inc.table().services());
            assertEquals(plain.verdicts(), inc.verdicts());
            for (ServiceIndex.Named n : index.services()) {
                quorumPlain.put(n.name(), plain.verdicts().get(n.name()).quorumUp());
                quorumMemo.put(n.name(), inc.verdicts().get(n.name()).quorumUp());
                inc.verdicts().get(n.name()).transition().ifPresent(t -> transitions.add(n.name() + (t.up() ? " up" : " down")));
            }
            return memo.reusedLastBuild();
        }
    }

    @Test
    void onlyChangedServicesAreEvaluatedAgainAndTheTableIsTheSame() throws Exception {
        Run r = new Run(load(conf(50, "")));
        assertEquals(0, r.build(), "nothing to reuse at first");
        assertEquals(50, r.build(), "same inputs: every service reused");
        r.down("[192.0.2.7]:tcp:80", "198.51.100.1");
        assertEquals(49, r.build(), "a health change re-evaluates its own service only");
        assertEquals(List.of("[192.0.2.7]:tcp:80 down"), r.transitions, "quorum lost, and the sorry server is in");
        assertEquals(50, r.build(), "the build after a transition reuses its verdict, without the transition");
        r.down("[192.0.2.7]:tcp:80", "198.51.100.2");
        assertEquals(49, r.build());
        r.health.remove("[192.0.2.7]:tcp:80");
        assertEquals(49, r.build(), "both back: quorum regained");
        assertEquals(List.of("[192.0.2.7]:tcp:80 down", "[192.0.2.7]:tcp:80 up"), r.transitions, "a reused verdict never repeats a transition");
    }

    @Test
    void aReloadReusesOnlyTheSameConfigurationObjects() throws Exception {
        KeepalivedConfig c = load(conf(20, ""));
        Run r = new Run(c);
        r.build();
        // a load without a reload cache gives new but equal objects: all evaluated again, same table
        r.config(load(conf(20, "")));
        assertEquals(0, r.build());
        // the director's reload hands back the same object for an unchanged block: emulate it for all but one
        KeepalivedConfig changed = load(conf(20, " real_server 198.51.100.3 80 { weight 1 }\n"));
        List<VirtualServer> mixed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            mixed.add(i == 1 ? changed.virtualServers().get(i) : r.config.virtualServers().get(i));
        }
        r.config(new KeepalivedConfig(changed.globalDefs(), changed.vrrpScripts(), changed.trackFiles(), changed.trackProcesses(),
                changed.syncGroups(), changed.vrrpInstances(), changed.virtualServerGroups(), mixed));
        assertEquals(19, r.build(), "one block changed");
        assertTrue(r.transitions.isEmpty());
    }
}
