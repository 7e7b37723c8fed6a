package dev.fulcrum.net.rtnl;

import dev.fulcrum.net.netlink.NetlinkException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside a network namespace ({@code ip netns exec NS java ... RtnlNetnsProbe IFNAME}) and
 * exercises the rtnetlink surface VRRP uses; every check is cross-checked with iproute2 run in the
 * same namespace. Prints "PASS ..." lines; exits non-zero on the first failure.
 */
public final class RtnlNetnsProbe {
    private RtnlNetnsProbe() {
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAIL " + what);
            System.exit(1);
        }
        System.out.println("PASS " + what);
    }

    static String ip(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    static String errno(Runnable r) {
        try {
            r.run();
            return "";
        } catch (NetlinkException e) {
            return e.errnoName();
        }
    }

    public static void main(String[] args) throws Exception {
        String ifname = args[0];
        try (RouteNetlink rt = RouteNetlink.open(); RtnlEventStream events = RtnlEventStream.open()) {
            int index = rt.linkIndex(ifname);
            check(index > 0 && ip("-o", "link", "show", ifname).startsWith(index + ": " + ifname), "link index " + index + " matches ip link");
            InetAddress v4 = InetAddress.getByName("192.0.2.5");
            AddressRequest vip = new AddressRequest(index, v4, 24, ifname + ":vip", Rtnl.RT_SCOPE_UNIVERSE, InetAddress.getByName("192.0.2.255"), false);
            rt.addAddress(vip);
            String shown = ip("-o", "-4", "addr", "show", "dev", ifname);
            check(shown.contains("inet 192.0.2.5/24 brd 192.0.2.255 scope global " + ifname + ":vip"), "add shows in ip addr: " + shown.strip());
            check(rt.addresses(Rtnl.AF_INET).stream().anyMatch(a -> a.address().equals(v4) && a.ifindex() == index && a.prefixLength() == 24
                    && (ifname + ":vip").equals(a.label())), "dump lists the address with its label");
            check(errno(() -> rt.addAddress(vip)).equals("EEXIST"), "second add is EEXIST");
            rt.replaceAddress(vip);
            check(true, "replace is idempotent");
            boolean sawAdd = false;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!sawAdd && System.nanoTime() < end) {
                for (RtnlEvent e : events.poll(500)) {
                    if (e instanceof RtnlEvent.AddressChanged a && !a.removed() && a.address().address().equals(v4)) {
                        sawAdd = true;
                    }
                }
            }
            check(sawAdd, "RTM_NEWADDR event received");
            rt.deleteAddress(vip);
            check(!ip("-o", "-4", "addr", "show", "dev", ifname).contains("192.0.2.5"), "delete removes it from ip addr");
            check(errno(() -> rt.deleteAddress(vip)).equals("EADDRNOTAVAIL"), "second delete is EADDRNOTAVAIL");
            boolean sawDel = false;
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!sawDel && System.nanoTime() < end) {
                for (RtnlEvent e : events.poll(500)) {
                    if (e instanceof RtnlEvent.AddressChanged a && a.removed() && a.address().address().equals(v4)) {
                        sawDel = true;
                    }
                }
            }
            check(sawDel, "RTM_DELADDR event received");

            InetAddress v6 = InetAddress.getByName("2001:db8::5");
            AddressRequest vip6 = AddressRequest.vip(index, v6);
            rt.addAddress(vip6);
            String shown6 = ip("-o", "-6", "addr", "show", "dev", ifname);
            check(shown6.contains("inet6 2001:db8::5/128 scope global nodad"), "IPv6 VIP added without DAD: " + shown6.strip());
            rt.deleteAddress(vip6);
            check(!ip("-o", "-6", "addr", "show", "dev", ifname).contains("2001:db8::5"), "IPv6 VIP deleted");

            ip("link", "set", ifname, "down");
            boolean sawDown = false;
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!sawDown && System.nanoTime() < end) {
                for (RtnlEvent e : events.poll(500)) {
                    if (e instanceof RtnlEvent.LinkChanged l && l.link().index() == index && !l.link().up()) {
                        sawDown = true;
                    }
                }
            }
            check(sawDown, "link-down event received");
            check(errno(() -> rt.addAddress(new AddressRequest(999999, v4, 32, null, 0, null, false))).equals("ENODEV"), "unknown ifindex is ENODEV");
        }
        System.out.println("ALL PASS");
    }
}
