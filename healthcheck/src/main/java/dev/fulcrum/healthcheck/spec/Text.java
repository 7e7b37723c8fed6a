package dev.fulcrum.healthcheck.spec;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Address formatting shared by descriptions, so logs and the probe table spell servers the same way. */
public final class Text {
    private Text() {
    }

    public static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        if (a.getAddress() instanceof Inet6Address) {
            host = "[" + host + "]";
        }
        return host + ":" + a.getPort();
    }
}
