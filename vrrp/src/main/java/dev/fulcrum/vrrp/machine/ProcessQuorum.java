package dev.fulcrum.vrrp.machine;

/**
 * Debounces a process tracker: the raw "quorum satisfied" reading is reported only once it has held
 * for the fork delay (count rose) or the terminate delay (count fell), and a reading that reverts before
 * then is never reported. Pure: scans and time go in, the reading to publish comes out.
 */
public final class ProcessQuorum {
    private final long forkDelayNanos;
    private final long terminateDelayNanos;
    private boolean reported;
    private boolean pending;
    private long pendingDeadline;
    private int lastCount;

    public ProcessQuorum(boolean initial, int initialCount, long forkDelayNanos, long terminateDelayNanos) {
        this.reported = initial;
        this.lastCount = initialCount;
        this.forkDelayNanos = forkDelayNanos;
        this.terminateDelayNanos = terminateDelayNanos;
    }

    public boolean reported() {
        return reported;
    }

    /**
     * One scan's result at {@code now}.
     *
     * @return 1 or 0 when the reported reading changes now, -1 when it does not
     */
    public int observe(int count, boolean satisfied, long now) {
        boolean rose = count > lastCount;
        lastCount = count;
        if (satisfied == reported) {
            pending = false;
            return -1;
        }
        if (!pending) {
            pending = true;
            pendingDeadline = now + (rose ? forkDelayNanos : terminateDelayNanos);
        }
        return poll(now);
    }

    /** Reports a pending change whose delay has run out. */
    public int poll(long now) {
        if (pending && now - pendingDeadline >= 0) {
            pending = false;
            reported = !reported;
            return reported ? 1 : 0;
        }
        return -1;
    }

    /** When the pending change is due, or Long.MAX_VALUE when none is pending. */
    public long deadline() {
        return pending ? pendingDeadline : Long.MAX_VALUE;
    }
}
