package dev.fulcrum.net.ip;

import java.io.IOException;

/** A failed socket call with the errno kept, so callers can tell "interface down" from a bug. */
public final class IpSocketException extends IOException {
    private static final long serialVersionUID = 1L;
    public static final int ENETDOWN = 100;
    public static final int ENETUNREACH = 101;
    public static final int ENODEV = 19;
    private final int errno;

    public IpSocketException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** True when the failure means the link is unusable rather than that the call was wrong. */
    public boolean linkDown() {
        return errno == ENETDOWN || errno == ENETUNREACH || errno == ENODEV;
    }
}
