package dev.fulcrum.ipvs;

import dev.fulcrum.net.netlink.NetlinkException;
import java.util.Optional;

/** The outcome of one {@link IpvsOperation}: success, or the kernel's error for that object alone. */
public record OperationResult(IpvsOperation operation, Optional<NetlinkException> error) {
    public static OperationResult ok(IpvsOperation op) {
        return new OperationResult(op, Optional.empty());
    }

    public boolean ok() {
        return error.isEmpty();
    }

    /** "EEXIST", or "" when it succeeded. */
    public String errnoName() {
        return error.map(NetlinkException::errnoName).orElse("");
    }
}
