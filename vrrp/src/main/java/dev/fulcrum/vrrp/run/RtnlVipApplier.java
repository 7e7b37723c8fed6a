package dev.fulcrum.vrrp.run;

import dev.fulcrum.net.netlink.NetlinkReply;
import dev.fulcrum.net.netlink.NetlinkRequest;
import dev.fulcrum.net.rtnl.AddressRequest;
import dev.fulcrum.net.rtnl.RouteNetlink;
import dev.fulcrum.net.rtnl.RtnlCodec;
import dev.fulcrum.vrrp.spec.VipSpec;
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
    private final RouteNetlink rtnl;
    private final Map<String, Integer> ifindex = new HashMap<>();
    private final Map<List<VipSpec>, List<NetlinkRequest>> adds = new HashMap<>();
    private final Map<List<VipSpec>, List<NetlinkRequest>> deletes = new HashMap<>();

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

    private static void check(List<NetlinkReply> replies, int tolerated) throws IOException {
        for (NetlinkReply r : replies) {
            if (!r.ok() && Math.abs(r.errno()) != tolerated) {
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
