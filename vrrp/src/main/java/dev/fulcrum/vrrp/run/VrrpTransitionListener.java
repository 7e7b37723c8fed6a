package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.machine.VrrpState;

/**
 * Told of every state change of every instance, with the machine's reason. The director drives the
 * kernel sync daemon and its status document from it; it runs on the instance's own loop thread, so an
 * implementation must only hand the event over and never block.
 */
@FunctionalInterface
public interface VrrpTransitionListener {
    VrrpTransitionListener NONE = (instance, from, to, reason) -> {
    };

    void onTransition(String instance, VrrpState from, VrrpState to, String reason);
}
