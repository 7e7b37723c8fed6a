package dev.fulcrum.conf.model;

import java.time.Duration;
import java.util.Optional;

/** {@code lvs_timeouts}: unset values keep the kernel's values from startup. */
public record LvsTimeouts(Optional<Duration> tcp, Optional<Duration> tcpFin, Optional<Duration> udp) {
    public static final LvsTimeouts UNSET = new LvsTimeouts(Optional.empty(), Optional.empty(), Optional.empty());

    public boolean isSet() {
        return tcp.isPresent() || tcpFin.isPresent() || udp.isPresent();
    }
}
