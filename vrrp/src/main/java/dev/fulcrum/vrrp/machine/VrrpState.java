package dev.fulcrum.vrrp.machine;

/**
 * Instance states, numbered as keepalived numbers them because {@code keepalived_vrrp_state} gauges and
 * notify scripts out in the field expect those numbers and names.
 */
public enum VrrpState {
    INIT(0), BACKUP(1), MASTER(2), FAULT(3), STOP(98);

    private final int code;

    VrrpState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
