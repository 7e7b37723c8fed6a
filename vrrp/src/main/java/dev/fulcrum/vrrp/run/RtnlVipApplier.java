package dev.fulcrum.vrrp.run;

import dev.fulcrum.net.netlink.NetlinkReply;
import dev.fulcrum.net.netlink.NetlinkRequest;
import dev.fulcrum.net.rtnl.AddressRequest;
import dev.fulcrum.net.rtnl.RouteNetlink;
import dev.fulcrum.net.rtnl.RouteRequest;
import dev.fulcrum.net.rtnl.Rtnl;
import dev.fulcrum.net.rtnl.RtnlCodec;
import dev.fulcrum.net.rtnl.RuleRequest;
import dev.fulcrum.vrrp.spec.VipSpec;
import dev.fulcrum.vrrp.spec.VirtualRoute;
import dev.fulcrum.vrrp.spec.VirtualRule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * VIPs through rtnetlink (linux-net's {@link RouteNetlink}): no fork, one batch per transition. The
 * messages for both directions are encoded once, at the first call (the stale-VIP cleanup at startup),
 * so a takeover only sends prepared bytes through an already-warm path.
 */
public final class RtnlVipApplier implements VipApplier {
    private static final int EEXIST = 17;
    private static final int EADDRNOTAVAIL = 99;
    private static final int ENOENT = 2;
    private static final int ESRCH = 3;
    private final RouteNetlink rtnl;
    private final Map<String, Integer> ifindex = new HashMap<>();
    private final Map<List<VipSpec>, List<NetlinkRequest>> adds = new HashMap<>();
    private final Map<List<VipSpec>, List<NetlinkRequest>> deletes = new HashMap<>();
    private final Map<List<?>, List<NetlinkRequest>> routingAdds = new HashMap<>();
    private final Map<List<?>, List<NetlinkRequest>> routingDeletes = new HashMap<>();

    public RtnlVipApplier() {
        this.rtnl = RouteNetlink.open();
    }

    @Override
    public void add(List<VipSpec> vips, String defaultDev) throws IOException {
        prepare(vips, defaultDev);
        check(rtnl.apply(adds.get(vips)), EEXIST);
    }

    @Override
    public void remove(List<VipSpec> vips, String defaultDev) throws IOException {
        prepare(vips, defaultDev);
        check(rtnl.apply(deletes.get(vips)), EADDRNOTAVAIL);
    }

    private void prepare(List<VipSpec> vips, String defaultDev) throws IOException {
        if (adds.containsKey(vips)) {
            return;
        }
        List<NetlinkRequest> a = new ArrayList<>();
        List<NetlinkRequest> d = new ArrayList<>();
        try {
            for (VipSpec v : vips) {
                AddressRequest r = request(v, defaultDev);
                a.add(RtnlCodec.addAddress(r, true));
                d.add(RtnlCodec.deleteAddress(r));
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot prepare VIP requests: " + e.getMessage(), e);
        }
        adds.put(vips, a);
        deletes.put(vips, d);
    }

    @Override
    public void addRouting(List<VirtualRoute> routes, List<VirtualRule> rules, String defaultDev) throws IOException {
        if (routes.isEmpty() && rules.isEmpty()) {
            return;
        }
        List<?> key = prepareRouting(routes, rules, defaultDev);
        check(rtnl.apply(routingAdds.get(key)), EEXIST);
    }

    @Override
    public void removeRouting(List<VirtualRoute> routes, List<VirtualRule> rules, String defaultDev) throws IOException {
        if (routes.isEmpty() && rules.isEmpty()) {
            return;
        }
        List<?> key = prepareRouting(routes, rules, defaultDev);
        check(rtnl.apply(routingDeletes.get(key)), ESRCH, ENOENT);
    }

    private List<?> prepareRouting(List<VirtualRoute> routes, List<VirtualRule> rules, String defaultDev) throws IOException {
        List<?> key = List.of(routes, rules);
        if (routingAdds.containsKey(key)) {
            return key;
        }
        List<NetlinkRequest> a = new ArrayList<>();
        List<NetlinkRequest> d = new ArrayList<>();
        try {
            for (VirtualRoute r : routes) {
                RouteRequest q = route(r);
                a.add(RtnlCodec.addRoute(q, true));
                d.add(0, RtnlCodec.deleteRoute(q));
            }
            for (VirtualRule r : rules) {
                RuleRequest q = rule(r);
                a.add(RtnlCodec.addRule(q));
                d.add(0, RtnlCodec.deleteRule(q));
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot prepare route/rule requests: " + e.getMessage(), e);
        }
        routingAdds.put(key, a);
        routingDeletes.put(key, d);
        return key;
    }

    private RouteRequest route(VirtualRoute r) {
        int oif = r.dev() == null ? 0 : ifindex.computeIfAbsent(r.dev(), rtnl::linkIndex);
        return new RouteRequest(r.ipv4() ? Rtnl.AF_INET : Rtnl.AF_INET6, r.destination(), r.prefixLength(), r.source(),
                r.sourceLength(), r.gateway(), oif, r.prefSrc(), r.table(), r.metric(), r.protocol(), r.effectiveScope(),
                r.type(), r.onlink());
    }

    private static RuleRequest rule(VirtualRule r) {
        return new RuleRequest(r.ipv4() ? Rtnl.AF_INET : Rtnl.AF_INET6, r.source(), r.sourceLength(), r.destination(),
                r.destLength(), r.iif(), r.oif(), r.fwmark(), r.fwmask(), r.table(), r.priority(), r.action(),
                r.gotoTarget(), r.suppressPrefixLength(), r.invert(), r.tos());
    }

    private static void check(List<NetlinkReply> replies, int... tolerated) throws IOException {
        for (NetlinkReply r : replies) {
            if (!r.ok() && java.util.Arrays.stream(tolerated).noneMatch(t -> t == Math.abs(r.errno()))) {
                throw new IOException(r.exception().getMessage(), r.exception());
            }
        }
    }

    private AddressRequest request(VipSpec v, String defaultDev) {
        String dev = v.dev() != null ? v.dev() : defaultDev;
        int idx = ifindex.computeIfAbsent(dev, rtnl::linkIndex);
        return new AddressRequest(idx, v.address(), v.prefixLength(), v.label(), v.scope(), v.broadcast(),
                v.noPrefixRoute());
    }

    @Override
    public void close() {
        rtnl.close();
    }
}
