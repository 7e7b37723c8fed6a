package dev.fulcrum.ipvs.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Service flags a user can set (IP_VS_SVC_F_*). The scheduler flags are generic bits whose meaning
 * depends on the scheduler, which is why sh-port and mh-port are the same bit.
 */
public enum ServiceFlag {
    ONE_PACKET(0x4), SCHED1(0x8), SCHED2(0x10), SCHED3(0x20);

    /** Persistence is expressed by {@link Persistence}, not as a flag. */
    public static final int PERSISTENT = 0x1;
    /** Reported by the kernel on every service; never desired state. */
    public static final int HASHED = 0x2;
    public static final ServiceFlag SH_FALLBACK = SCHED1;
    public static final ServiceFlag SH_PORT = SCHED2;
    public static final ServiceFlag MH_FALLBACK = SCHED1;
    public static final ServiceFlag MH_PORT = SCHED2;

    private final int bit;

    ServiceFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public static int bits(Set<ServiceFlag> flags) {
        int b = 0;
        for (ServiceFlag f : flags) {
            b |= f.bit;
        }
        return b;
    }

    public static Set<ServiceFlag> of(int bits) {
        EnumSet<ServiceFlag> s = EnumSet.noneOf(ServiceFlag.class);
        for (ServiceFlag f : values()) {
            if ((bits & f.bit) != 0) {
                s.add(f);
            }
        }
        return s;
    }

    /** keepalived / ipvsadm words: flag-1..3, sh-fallback, sh-port, mh-fallback, mh-port, ops. */
    public static ServiceFlag parse(String word) {
        return switch (word) {
            case "flag-1", "sh-fallback", "mh-fallback" -> SCHED1;
            case "flag-2", "sh-port", "mh-port" -> SCHED2;
            case "flag-3" -> SCHED3;
            case "ops" -> ONE_PACKET;
            default -> throw new IllegalArgumentException("unknown service flag " + word);
        };
    }
}
