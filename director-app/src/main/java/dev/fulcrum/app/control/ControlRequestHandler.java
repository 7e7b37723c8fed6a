package dev.fulcrum.app.control;

import java.util.Map;

/**
 * Answers one control request. Implementations hand the request to the director's own event loop and
 * wait for the answer, so the control socket never reads state owned by another thread.
 */
@FunctionalInterface
public interface ControlRequestHandler {
    /**
     * @param request the decoded request object; {@code request.get("cmd")} names the operation
     * @return the reply object; it should carry {@code "ok": true|false}
     */
    Map<String, Object> handle(Map<String, Object> request);
}
