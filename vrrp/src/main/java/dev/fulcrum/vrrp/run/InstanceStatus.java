package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.machine.VrrpState;
import java.net.InetAddress;

/** A snapshot of one instance for {@code fulcrum status} and tests. */
public record InstanceStatus(String name, VrrpState state, int priority, InetAddress master) {
}
