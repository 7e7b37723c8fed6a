package dev.fulcrum.app.desired;

import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.VirtualServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The running configuration's virtual servers with their display names, made once per configuration.
 * A display name is formatted from the address every time it is asked for, and the director needs it for
 * every service on every table build and looks a service up by it on every health event: at 5,000
 * services that formatting and the linear scans were most of a reload's table phase.
 *
 * @param services every virtual server in configuration order, with its name
 * @param byName the first virtual server of each name (a duplicate is a configuration error elsewhere)
 */
public record ServiceIndex(List<Named> services, Map<String, VirtualServer> byName) {
    /** A virtual server and its display name. */
    public record Named(String name, VirtualServer server) {
    }

    public static ServiceIndex of(KeepalivedConfig config) {
        return of(config, null);
    }

    /**
     * The same, taking the name of a virtual server that is the very object {@code previous} held from
     * there (a reload hands back unchanged blocks as the same objects) instead of formatting it again.
     */
    public static ServiceIndex of(KeepalivedConfig config, ServiceIndex previous) {
        Map<VirtualServer, String> known = new java.util.IdentityHashMap<>(previous == null ? 0 : previous.services().size() * 2);
        if (previous != null) {
            for (Named n : previous.services()) {
                known.put(n.server(), n.name());
            }
        }
        List<Named> list = new ArrayList<>(config.virtualServers().size());
        Map<String, VirtualServer> byName = new HashMap<>(config.virtualServers().size() * 2);
        for (VirtualServer vs : config.virtualServers()) {
            String name = known.get(vs);
            if (name == null) {
                name = vs.displayName();
            }
            list.add(new Named(name, vs));
            byName.putIfAbsent(name, vs);
        }
        return new ServiceIndex(Collections.unmodifiableList(list), Collections.unmodifiableMap(byName));
    }
}
