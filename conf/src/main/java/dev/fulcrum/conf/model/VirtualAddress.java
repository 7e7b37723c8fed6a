package dev.fulcrum.conf.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code virtual_ipaddress} / {@code virtual_ipaddress_excluded}: the address and the
 * {@code ip addr} options that go with it.
 *
 * @param flags option words without a value, in source order (home, -nodad, mngtmpaddr, noprefixroute,
 *              autojoin, use_vmac)
 */
public record VirtualAddress(IpPrefix prefix, Optional<InetAddress> broadcast, Optional<String> device,
                             Optional<String> scope, Optional<String> label, Optional<InetAddress> peer,
                             boolean noTrack, Optional<String> preferredLft, List<String> flags) {
    public static VirtualAddress of(IpPrefix prefix, String device) {
        return new VirtualAddress(prefix, Optional.empty(), Optional.ofNullable(device), Optional.empty(),
                Optional.empty(), Optional.empty(), false, Optional.empty(), List.of());
    }

    public IpFamily family() {
        return prefix.family();
    }
}
