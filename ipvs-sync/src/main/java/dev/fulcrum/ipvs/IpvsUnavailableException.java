package dev.fulcrum.ipvs;

/**
 * IPVS cannot be used at all (module not loaded, no CAP_NET_ADMIN). Distinct from per-object errors so
 * the daemon and CLI can stop with one clear sentence instead of a stack trace per operation.
 */
public final class IpvsUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IpvsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
