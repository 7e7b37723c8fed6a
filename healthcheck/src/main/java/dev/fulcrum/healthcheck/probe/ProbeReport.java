package dev.fulcrum.healthcheck.probe;

import java.util.List;
import java.util.Locale;

/** Renders probe results as an aligned table for people or as JSON for scripts. */
public final class ProbeReport {
    private ProbeReport() {
    }

    public static String table(List<ProbeRun.Result> results) {
        String[] head = {"SERVER", "VIRTUAL SERVER", "CHECKER", "RESULT", "REASON", "LATENCY"};
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(head);
        for (ProbeRun.Result r : results) {
            rows.add(new String[] {cell(r.server().id()), cell(r.server().virtualServer()), cell(r.checker().describe()),
                    r.ok() ? "UP" : "DOWN", cell(r.reason()), millis(r.latency().toNanos())});
        }
        int[] w = new int[head.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(i == row.length - 1 ? row[i] : String.format("%-" + w[i] + "s  ", row[i]));
            }
            sb.append('\n');
        }
        long down = results.stream().filter(r -> !r.ok()).count();
        sb.append(results.size()).append(" checker(s), ").append(down).append(" down\n");
        return sb.toString();
    }

    /** One table cell: a reason or a script path must never break the row. */
    static String cell(String s) {
        return s.replaceAll("\\p{Cntrl}+", " ").strip();
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    public static String json(List<ProbeRun.Result> results) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < results.size(); i++) {
            ProbeRun.Result r = results.get(i);
            sb.append(i == 0 ? "\n  " : ",\n  ");
            sb.append("{\"server\": ").append(quote(r.server().id()))
                    .append(", \"virtual_server\": ").append(quote(r.server().virtualServer()))
                    .append(", \"checker\": ").append(quote(r.checker().kind().name()))
                    .append(", \"target\": ").append(quote(r.checker().describe()))
                    .append(", \"up\": ").append(r.ok())
                    .append(", \"reason\": ").append(quote(r.reason()))
                    .append(", \"latency_ms\": ").append(String.format(Locale.ROOT, "%.3f", r.latency().toNanos() / 1e6))
                    .append('}');
        }
        return sb.append(results.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
