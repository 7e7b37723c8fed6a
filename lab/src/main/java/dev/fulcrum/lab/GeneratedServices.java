package dev.fulcrum.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * The large keepalived.conf the reload and parse benchmarks load: {@code n} NAT services on TEST-NET
 * addresses, each with four real servers, every {@code extraEvery}-th with a fifth. One generator, so that
 * conf's parse benchmark and the director's reload benchmark measure the very same text.
 */
public final class GeneratedServices {
    private GeneratedServices() {
    }

    /** One generated virtual server: its address, port, and whether it gets the extra (fifth) real server. */
    public record Service(String address, int port, boolean extra) {
    }

    /** The {@code n} services, in configuration order. */
    public static List<Service> list(int n, int extraEvery) {
        List<Service> out = new ArrayList<>(n);
        String[] nets = {"192.0.2.", "198.51.100.", "203.0.113."};
        outer:
        for (int port = 80; port < 200; port++) {
            for (String net : nets) {
                for (int host = 1; host <= 250; host++) {
                    if (out.size() == n) {
                        break outer;
                    }
                    out.add(new Service(net + host, port, extraEvery > 0 && out.size() % extraEvery == 0));
                }
            }
        }
        return out;
    }

    /** Their configuration text; with {@code checks} every real server has a TCP_CHECK (delay_loop 5, else 60). */
    public static String text(int n, int extraEvery, boolean checks) {
        StringBuilder sb = new StringBuilder();
        sb.append("child_wait_time 600\n");
        for (Service g : list(n, extraEvery)) {
            sb.append("virtual_server ").append(g.address()).append(' ').append(g.port()).append(" {\n delay_loop ")
                    .append(checks ? 5 : 60).append("\n lb_algo rr\n lb_kind NAT\n protocol TCP\n");
            int rs = g.extra() ? 5 : 4;
            for (int r = 1; r <= rs; r++) {
                sb.append(" real_server 192.0.2.").append(200 + r).append(" 8080 {\n  weight 1\n");
                if (checks) {
                    sb.append("  TCP_CHECK {\n   connect_timeout 3\n  }\n");
                }
                sb.append(" }\n");
            }
            sb.append("}\n");
        }
        return sb.toString();
    }
}
