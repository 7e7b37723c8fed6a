package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.machine.VrrpState;
import dev.fulcrum.vrrp.spec.VipSpec;
import dev.fulcrum.vrrp.wire.Decoded;
import dev.fulcrum.vrrp.wire.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance's counters, named so that a Prometheus registry exposes exactly the series
 * mehdy/keepalived-exporter users already scrape (anchors.md §6.1): {@code keepalived.advertisements.received}
 * becomes {@code keepalived_advertisements_received_total} with labels {@code iname, intf, vrid}. Rejections
 * without a keepalived stat are counted under {@code fulcrum.vrrp.rejected{reason}} (every rejection is,
 * so one query sees them all).
 */
public final class VrrpMetrics {
    private static final Map<String, String> KEEPALIVED = Map.ofEntries(
            Map.entry("packet_len_err", "keepalived.packet.length.errors"),
            Map.entry("advert_interval_err", "keepalived.advertisements.interval.errors"),
            Map.entry("ip_ttl_err", "keepalived.ip.ttl.errors"),
            Map.entry("invalid_type_rcvd", "keepalived.invalid.type.received"),
            Map.entry("addr_list_err", "keepalived.address.list.errors"),
            Map.entry("invalid_authtype", "keepalived.authentication.invalid"),
            Map.entry("authtype_mismatch", "keepalived.authentication.mismatch"),
            Map.entry("auth_failure", "keepalived.authentication.failure"));

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter received;
    private final Counter sent;
    private final Counter becomeMaster;
    private final Counter releaseMaster;
    private final Counter zeroReceived;
    private final Counter zeroSent;
    private final Map<String, Counter> byStat = new ConcurrentHashMap<>();
    private final AtomicInteger state = new AtomicInteger(VrrpState.INIT.code());

    public VrrpMetrics(MeterRegistry registry, String iname, String intf, int vrid, List<VipSpec> vips,
                       List<VipSpec> excluded) {
        this.registry = registry;
        this.tags = Tags.of("iname", iname, "intf", intf, "vrid", Integer.toString(vrid));
        received = Counter.builder("keepalived.advertisements.received").tags(tags).register(registry);
        sent = Counter.builder("keepalived.advertisements.sent").tags(tags).register(registry);
        becomeMaster = Counter.builder("keepalived.become.master").tags(tags).register(registry);
        releaseMaster = Counter.builder("keepalived.release.master").tags(tags).register(registry);
        zeroReceived = Counter.builder("keepalived.priority.zero.received").tags(tags).register(registry);
        zeroSent = Counter.builder("keepalived.priority.zero.sent").tags(tags).register(registry);
        for (String name : KEEPALIVED.values()) {
            Counter.builder(name).tags(tags).register(registry);
        }
        registerState("keepalived.vrrp.state", iname, intf, vrid, vips);
        registerState("keepalived.vrrp.excluded.state", iname, intf, vrid, excluded);
    }

    private void registerState(String name, String iname, String intf, int vrid, List<VipSpec> vips) {
        if (vips.isEmpty() && name.equals("keepalived.vrrp.state")) {
            Gauge.builder(name, state, AtomicInteger::get)
                    .tags("iname", iname, "intf", intf, "vrid", Integer.toString(vrid), "ip_address", "")
                    .register(registry);
        }
        for (VipSpec v : vips) {
            Gauge.builder(name, state, AtomicInteger::get)
                    .tags("iname", iname, "intf", v.dev() != null ? v.dev() : intf, "vrid", Integer.toString(vrid),
                            "ip_address", v.display())
                    .register(registry);
        }
    }

    void advertSent(int priority) {
        sent.increment();
        if (priority == 0) {
            zeroSent.increment();
        }
    }

    void advertReceived(int priority, Decoded.ChecksumForm form) {
        received.increment();
        if (priority == 0) {
            zeroReceived.increment();
        }
        if (form == Decoded.ChecksumForm.V3_AS_V2) {
            stat("fulcrum.vrrp.v3.checksum.as.v2", null).increment();
        }
    }

    void rejected(Rejection r) {
        stat("fulcrum.vrrp.rejected", r.stat()).increment();
        String compat = KEEPALIVED.get(r.stat());
        if (compat != null) {
            stat(compat, null).increment();
        }
    }

    void transition(VrrpState from, VrrpState to) {
        state.set(to.code());
        if (to == VrrpState.MASTER) {
            becomeMaster.increment();
        } else if (from == VrrpState.MASTER) {
            releaseMaster.increment();
        }
    }

    private Counter stat(String name, String reason) {
        String key = reason == null ? name : name + "/" + reason;
        return byStat.computeIfAbsent(key, k -> {
            Counter.Builder b = Counter.builder(name).tags(tags);
            if (reason != null) {
                b.tag("reason", reason);
            }
            return b.register(registry);
        });
    }
}
