package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.spec.VipSpec;
import dev.fulcrum.vrrp.spec.VirtualRoute;
import dev.fulcrum.vrrp.spec.VirtualRule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * TEMPORARY edge adapter: VIPs via {@code ip addr add/del}, kept only as a fallback for hosts where the
 * rtnetlink socket cannot be opened ({@code -Dfulcrum.vrrp.vips=ip}). Costs a fork per VIP (~3 ms).
 */
public final class IpCommandVipApplier implements VipApplier {

    @Override
    public void add(List<VipSpec> vips, String defaultDev) throws IOException {
        for (VipSpec v : vips) {
            run(command("replace", v, defaultDev), false);
        }
    }

    @Override
    public void remove(List<VipSpec> vips, String defaultDev) throws IOException {
        for (VipSpec v : vips) {
            run(command("del", v, defaultDev), true);
        }
    }

    @Override
    public void addRouting(List<VirtualRoute> routes, List<VirtualRule> rules, String defaultDev) throws IOException {
        for (VirtualRoute r : routes) {
            run(words(r.ipv4(), "route", "replace", r.text()), false);
        }
        for (VirtualRule r : rules) {
            run(words(r.ipv4(), "rule", "add", r.text()), true);
        }
    }

    @Override
    public void removeRouting(List<VirtualRoute> routes, List<VirtualRule> rules, String defaultDev) throws IOException {
        for (VirtualRule r : rules) {
            run(words(r.ipv4(), "rule", "del", r.text()), true);
        }
        for (VirtualRoute r : routes) {
            run(words(r.ipv4(), "route", "del", r.text()), true);
        }
    }

    private static List<String> words(boolean ipv4, String object, String op, String text) {
        List<String> c = new ArrayList<>(List.of("ip", ipv4 ? "-4" : "-6", object, op));
        for (String w : text.trim().split("\\s+")) {
            if (!w.equals("no_track")) {
                c.add(w);
            }
        }
        return c;
    }

    private static List<String> command(String op, VipSpec v, String defaultDev) {
        List<String> c = new ArrayList<>(List.of("ip", "addr", op, v.display(), "dev", v.dev() != null ? v.dev() : defaultDev));
        if (op.equals("replace")) {
            if (v.label() != null) {
                c.addAll(List.of("label", v.label()));
            }
            if (v.broadcast() != null) {
                c.addAll(List.of("brd", v.broadcast().getHostAddress()));
            }
            if (v.scope() != 0) {
                c.addAll(List.of("scope", Integer.toString(v.scope())));
            }
            if (v.noPrefixRoute()) {
                c.add("noprefixroute");
            }
            if (v.address() instanceof java.net.Inet6Address) {
                c.add("nodad");
            }
        }
        return c;
    }

    private static void run(List<String> cmd, boolean absentOk) throws IOException {
        ToolCommand r = ToolCommand.run(cmd, "", java.time.Duration.ofSeconds(5));
        String out = r.output();
        if (r.exit() != 0 && !(absentOk && (out.contains("Cannot assign requested address")
                || out.contains("No such process") || out.contains("No such file or directory") || out.contains("File exists")))) {
            throw new IOException(String.join(" ", cmd) + ": " + out);
        }
    }
}
