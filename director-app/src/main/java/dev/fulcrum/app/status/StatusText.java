package dev.fulcrum.app.status;

import java.util.List;
import java.util.Map;

/**
 * Renders the director's status document (the control socket's {@code status} reply) for a terminal.
 * The JSON form is the contract; this is a view of it, so it tolerates missing fields.
 */
public final class StatusText {
    private StatusText() {
    }

    public static String render(Map<String, Object> st) {
        StringBuilder sb = new StringBuilder();
        sb.append("director ").append(str(st.get("routerId"), "?"))
                .append("  config generation ").append(str(st.get("generation"), "?"));
        if (st.get("lastReload") instanceof Map<?, ?> lr) {
            sb.append("  last reload: ").append(str(lr.get("result"), "none"));
            if (lr.get("at") != null) {
                sb.append(" at ").append(lr.get("at"));
            }
        }
        sb.append('\n');
        if (st.get("syncDaemon") instanceof Map<?, ?> sd) {
            sb.append("sync daemon: ").append(str(sd.get("role"), "none"));
            if (sd.get("interface") != null) {
                sb.append(" on ").append(sd.get("interface"));
            }
            sb.append('\n');
        }
        sb.append('\n');
        sb.append(String.format("%-16s %-8s %-9s %-16s %s%n", "VRRP instance", "state", "priority", "master", "last transition"));
        for (Map<?, ?> v : maps(st.get("vrrp"))) {
            String prio = str(v.get("effectivePriority"), "?") + "/" + str(v.get("basePriority"), "?");
            String last = "";
            if (v.get("lastTransition") instanceof Map<?, ?> t) {
                last = str(t.get("from"), "?") + "->" + str(t.get("to"), "?") + " " + str(t.get("at"), "") + " (" + str(t.get("reason"), "") + ")";
            }
            sb.append(String.format("%-16s %-8s %-9s %-16s %s%n", str(v.get("name"), "?"), str(v.get("state"), "?"), prio,
                    str(v.get("masterAddress"), "-"), last));
        }
        sb.append('\n');
        for (Map<?, ?> s : maps(st.get("services"))) {
            sb.append("service ").append(str(s.get("name"), "?"));
            if (Boolean.FALSE.equals(s.get("quorumUp"))) {
                sb.append("  QUORUM LOST");
            }
            if (Boolean.TRUE.equals(s.get("sorryServerActive"))) {
                sb.append("  sorry server active");
            }
            sb.append('\n');
            for (Map<?, ?> r : maps(s.get("realServers"))) {
                StringBuilder checks = new StringBuilder();
                for (Map<?, ?> c : maps(r.get("checkers"))) {
                    checks.append(checks.length() == 0 ? "" : ", ").append(str(c.get("checker"), "?")).append(": ")
                            .append(str(c.get("lastResult"), "not run yet"));
                    if (c.get("latencyMs") != null) {
                        checks.append(" ").append(c.get("latencyMs")).append(" ms");
                    }
                }
                if (checks.length() == 0) {
                    checks.append(str(r.get("lastResult"), "")).append(r.get("reason") != null ? " (" + r.get("reason") + ")" : "");
                }
                sb.append(String.format("  -> %-26s %-5s weight %-5s %s%n", str(r.get("address"), "?"),
                        Boolean.TRUE.equals(r.get("up")) ? "UP" : "DOWN", str(r.get("weight"), "?"), checks));
            }
        }
        return sb.toString();
    }

    private static String str(Object o, String dflt) {
        return o == null ? dflt : o.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> maps(Object o) {
        if (o instanceof List<?> l) {
            return (List<Map<?, ?>>) (List<?>) l.stream().filter(Map.class::isInstance).toList();
        }
        return List.of();
    }
}
