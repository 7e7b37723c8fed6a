package dev.fulcrum.vrrp.run;

import dev.fulcrum.vrrp.spec.VipSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0 && !(absentOk && out.contains("Cannot assign requested address"))) {
            throw new IOException(String.join(" ", cmd) + ": " + out);
        }
    }
}
