package dev.fulcrum.vrrp.spec;

/**
 * A {@code vrrp_script}: a command whose exit status is a health reading, with rise/fall hysteresis so
 * one slow run does not move a VIP.
 */
public record ScriptSpec(String name, String command, long intervalMillis, long timeoutMillis, int rise, int fall,
                         int weight, boolean reverse, String user, boolean initFail) {
    public ScriptSpec {
        if (intervalMillis <= 0 || timeoutMillis <= 0 || rise < 1 || fall < 1) {
            throw new IllegalArgumentException("vrrp_script " + name + ": interval/timeout/rise/fall must be positive");
        }
    }
}
