package dev.fulcrum.net.netlink;

/**
 * A failed netlink or socket call. It names the errno symbolically, the operation that was attempted
 * and the object it was attempted on, so a log line or CLI message is self-explanatory and no caller
 * ever has to interpret a raw negative integer.
 */
public class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;
    private final String operation;
    private final String object;

    public NetlinkException(int errno, String operation, String object) {
        this(errno, operation, object, null);
    }

    public NetlinkException(int errno, String operation, String object, String detail) {
        super(format(errno, operation, object, detail));
        this.errno = Math.abs(errno);
        this.operation = operation;
        this.object = object;
    }

    private static String format(int errno, String operation, String object, String detail) {
        StringBuilder sb = new StringBuilder();
        sb.append(operation);
        if (object != null && !object.isEmpty()) {
            sb.append(' ').append(object);
        }
        sb.append(": ").append(Errno.name(errno));
        if (detail != null && !detail.isEmpty()) {
            sb.append(" (").append(detail).append(')');
        }
        return sb.toString();
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno, e.g. "ENOENT". */
    public String errnoName() {
        return Errno.name(errno);
    }

    public String operation() {
        return operation;
    }

    public String object() {
        return object;
    }
}
