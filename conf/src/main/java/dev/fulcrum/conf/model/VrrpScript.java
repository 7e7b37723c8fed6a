package dev.fulcrum.conf.model;

import java.time.Duration;
import java.util.Optional;

/** A {@code vrrp_script} tracker with keepalived's defaults applied (interval 1 s, timeout = interval). */
public record VrrpScript(String name, String script, Duration interval, Duration timeout, int weight,
                         boolean reverse, int rise, int fall, Optional<ScriptUser> user, boolean initFail) {
}
