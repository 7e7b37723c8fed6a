package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.spec.InstanceSpec;
import dev.fulcrum.vrrp.spec.VipSpec;
import dev.fulcrum.vrrp.wire.VrrpAdvertisement;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The side-effecting collaborators of one instance, bundled so the event loop can execute a
 * {@code MemberAction} by instance name. Everything here is touched only from the instance's event loop,
 * except {@link #channel} receive (its own thread) and {@link #metrics} (thread-safe).
 */
public final class InstanceEdges implements AutoCloseable {
    final InstanceSpec spec;
    final AdvertChannel channel;
    final VipApplier vips;
    final Announcer announcer;
    final NotifyScripts notify;
    final VrrpMetrics metrics;
    final List<InetAddress> advertised;
    final List<VipSpec> allVips;
    private final AutoCloseable link;

    public InstanceEdges(InstanceSpec spec, AdvertChannel channel, VipApplier vips, Announcer announcer,
                         NotifyScripts notify, VrrpMetrics metrics) {
        this(spec, channel, vips, announcer, notify, metrics, null, null);
    }

    /**
     * @param vipDev the device of VIPs that name none ({@code use_vmac}: the VMAC), null = the instance's
     * @param link   a per-instance link to remove at close (the VMAC), or null
     */
    public InstanceEdges(InstanceSpec spec, AdvertChannel channel, VipApplier vips, Announcer announcer,
                         NotifyScripts notify, VrrpMetrics metrics, String vipDev, AutoCloseable link) {
        this.spec = spec;
        this.link = link;
        this.channel = channel;
        this.vips = vips;
        this.announcer = announcer;
        this.notify = notify;
        this.metrics = metrics;
        this.advertised = spec.vips().stream().map(VipSpec::address).toList();
        List<VipSpec> all = new ArrayList<>();
        for (VipSpec v : spec.vips()) {
            all.add(vipDev != null && v.dev() == null ? v.onDev(vipDev) : v);
        }
        for (VipSpec v : spec.excludedVips()) {
            all.add(vipDev != null && v.dev() == null ? v.onDev(vipDev) : v);
        }
        this.allVips = List.copyOf(all);
    }

    VrrpAdvertisement advert(int priority, int intervalCentis) {
        return new VrrpAdvertisement(spec.version(), spec.vrid(), priority, intervalCentis, spec.authType(),
                spec.authPass(), advertised);
    }

    @Override
    public void close() {
        channel.close();
        announcer.close();
        vips.close();
        notify.close();
        if (link != null) {
            try {
                link.close();
            } catch (Exception e) {
                // logged by the link
            }
        }
    }
}
