package dev.fulcrum.ipvs;

import dev.fulcrum.ipvs.model.AddressFamily;
import dev.fulcrum.ipvs.model.Destination;
import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.Endpoints;
import dev.fulcrum.ipvs.model.ForwardMethod;
import dev.fulcrum.ipvs.model.IpvsInfo;
import dev.fulcrum.ipvs.model.KernelTable;
import dev.fulcrum.ipvs.model.Persistence;
import dev.fulcrum.ipvs.model.Service;
import dev.fulcrum.ipvs.model.ServiceFlag;
import dev.fulcrum.ipvs.model.ServiceKey;
import dev.fulcrum.ipvs.model.Stats;
import dev.fulcrum.ipvs.model.Tunnel;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link KernelTable} exactly as {@code ipvsadm -Ln} (and {@code --stats}, {@code --rate},
 * {@code --exact}) and {@code ipvsadm -S -n} print it, because operators' scripts and eyes are trained
 * on that output. Numeric only: Fulcrum never resolves names.
 */
public final class IpvsadmFormat {
    /** Which columns {@code list} prints. */
    public enum Mode {
        CONNECTIONS, STATS, RATE
    }

    private IpvsadmFormat() {
    }

    public static String list(KernelTable table, IpvsInfo info, Mode mode, boolean exact) {
        StringBuilder sb = new StringBuilder();
        sb.append("IP Virtual Server version ").append(info.version()).append(" (size=").append(info.connectionTableSize()).append(")\n");
        switch (mode) {
            case CONNECTIONS -> sb.append("Prot LocalAddress:Port Scheduler Flags\n")
                    .append("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
            case STATS -> sb.append("Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n")
                    .append("  -> RemoteAddress:Port\n");
            case RATE -> sb.append("Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n")
                    .append("  -> RemoteAddress:Port\n");
        }
        for (KernelTable.Entry e : table.services().values()) {
            Service s = e.service().service();
            String name = serviceName(s.key());
            if (mode == Mode.CONNECTIONS) {
                sb.append(name).append(' ').append(s.scheduler());
                String flags = schedFlags(s);
                if (!flags.isEmpty()) {
                    sb.append(" (").append(flags).append(')');
                }
                if (s.persistence().isPresent()) {
                    Persistence p = s.persistence().get();
                    sb.append(" persistent ").append(p.timeoutSeconds());
                    if (p.prefixLength() != s.key().family().bits()) {
                        sb.append(" mask ").append(s.key().family() == AddressFamily.INET ? dottedMask(p.prefixLength()) : String.valueOf(p.prefixLength()));
                    }
                    s.persistenceEngine().ifPresent(pe -> sb.append(" pe ").append(pe));
                }
                if (s.flags().contains(ServiceFlag.ONE_PACKET)) {
                    sb.append(" ops");
                }
                sb.append('\n');
                for (DestinationEntry d : e.destinations().values()) {
                    Destination dest = d.destination();
                    sb.append(String.format("  -> %-28s %-7s %-6d %-10d %-10d%n", Endpoints.format(dest.address(), dest.port()),
                            dest.method().display(), dest.weight(), Integer.toUnsignedLong(d.activeConnections()),
                            Integer.toUnsignedLong(d.inactiveConnections())));
                }
            } else {
                sb.append(String.format("%-33s", name));
                numbers(sb, e.service().stats(), mode, exact);
                for (DestinationEntry d : e.destinations().values()) {
                    sb.append(String.format("  -> %-28s", Endpoints.format(d.destination().address(), d.destination().port())));
                    numbers(sb, d.stats(), mode, exact);
                }
            }
        }
        return sb.toString().replace("\r\n", "\n");
    }

    private static void numbers(StringBuilder sb, Stats st, Mode mode, boolean exact) {
        long[] v = mode == Mode.STATS
                ? new long[] {st.connections(), st.inPackets(), st.outPackets(), st.inBytes(), st.outBytes()}
                : new long[] {st.connectionsPerSecond(), st.inPacketsPerSecond(), st.outPacketsPerSecond(), st.inBytesPerSecond(), st.outBytesPerSecond()};
        for (long n : v) {
            sb.append(largeNumber(n, exact));
        }
        sb.append('\n');
    }

    /** ipvsadm's 9-column number: exact, or scaled to K/M/G/T beyond 8 digits. */
    static String largeNumber(long n, boolean exact) {
        String u = Long.toUnsignedString(n);
        if (exact) {
            int width = u.length() <= 8 ? 9 : u.length() + 1;
            return " ".repeat(width - u.length()) + u;
        }
        if (Long.compareUnsigned(n, 100_000_000L) < 0) {
            return String.format("%9s", u);
        } else if (Long.compareUnsigned(n, 1_000_000_000L) < 0) {
            return String.format("%8sK", Long.toUnsignedString(Long.divideUnsigned(n, 1000)));
        } else if (Long.compareUnsigned(n, 100_000_000_000L) < 0) {
            return String.format("%8sM", Long.toUnsignedString(Long.divideUnsigned(n, 1_000_000)));
        } else if (Long.compareUnsigned(n, 100_000_000_000_000L) < 0) {
            return String.format("%8sG", Long.toUnsignedString(Long.divideUnsigned(n, 1_000_000_000L)));
        }
        return String.format("%8sT", Long.toUnsignedString(Long.divideUnsigned(n, 1_000_000_000_000L)));
    }

    /** "TCP  10.0.0.1:80", "SCTP 10.0.0.5:3868", "FWM  7", "FWM  8 IPv6". */
    public static String serviceName(ServiceKey k) {
        if (k instanceof ServiceKey.AddressKey a) {
            return String.format("%-4s %s", a.protocol().name(), Endpoints.format(a.address(), a.port()));
        }
        ServiceKey.FwmarkKey f = (ServiceKey.FwmarkKey) k;
        return "FWM  " + Integer.toUnsignedString(f.mark()) + (f.family() == AddressFamily.INET6 ? " IPv6" : "");
    }

    static String schedFlags(Service s) {
        List<String> out = new ArrayList<>();
        String prefix = s.scheduler().equals("sh") || s.scheduler().equals("mh") ? s.scheduler() + "-" : null;
        if (s.flags().contains(ServiceFlag.SCHED1)) {
            out.add(prefix != null ? prefix + "fallback" : "flag-1");
        }
        if (s.flags().contains(ServiceFlag.SCHED2)) {
            out.add(prefix != null ? prefix + "port" : "flag-2");
        }
        if (s.flags().contains(ServiceFlag.SCHED3)) {
            out.add("flag-3");
        }
        return String.join(",", out);
    }

    static String dottedMask(int prefix) {
        int m = prefix == 0 ? 0 : -1 << (32 - prefix);
        return ((m >>> 24) & 0xFF) + "." + ((m >>> 16) & 0xFF) + "." + ((m >>> 8) & 0xFF) + "." + (m & 0xFF);
    }

    /** The table as {@code ipvsadm -S -n} rules (what {@code ipvsadm -R} reads back). */
    public static String rules(KernelTable table) {
        StringBuilder sb = new StringBuilder();
        for (KernelTable.Entry e : table.services().values()) {
            Service s = e.service().service();
            String sel = selector(s.key());
            sb.append("-A ").append(sel).append(" -s ").append(s.scheduler());
            if (s.flags().contains(ServiceFlag.ONE_PACKET)) {
                sb.append(" -o");
            }
            String flags = schedFlags(s);
            if (!flags.isEmpty()) {
                sb.append(" -b ").append(flags);
            }
            if (s.persistence().isPresent()) {
                Persistence p = s.persistence().get();
                sb.append(" -p ").append(p.timeoutSeconds());
                if (p.prefixLength() != s.key().family().bits()) {
                    sb.append(" -M ").append(s.key().family() == AddressFamily.INET ? dottedMask(p.prefixLength()) : String.valueOf(p.prefixLength()));
                }
                s.persistenceEngine().ifPresent(pe -> sb.append(" --pe ").append(pe));
            }
            sb.append('\n');
            for (DestinationEntry d : e.destinations().values()) {
                Destination dest = d.destination();
                sb.append("-a ").append(sel).append(" -r ").append(Endpoints.format(dest.address(), dest.port()))
                        .append(switch (dest.method()) {
                            case MASQ -> " -m";
                            case TUNNEL -> " -i";
                            default -> " -g";
                        })
                        .append(" -w ").append(dest.weight());
                if (dest.method() == ForwardMethod.TUNNEL) {
                    Tunnel t = dest.tunnel();
                    sb.append(" --tun-type ").append(t.type().name().toLowerCase(java.util.Locale.ROOT));
                    if (t.type() == Tunnel.Type.GUE) {
                        sb.append(" --tun-port ").append(t.port());
                    }
                    if (t.type() != Tunnel.Type.IPIP) {
                        sb.append(switch (t.checksum()) {
                            case NOCSUM -> " --tun-nocsum";
                            case CSUM -> " --tun-csum";
                            case REMCSUM -> " --tun-remcsum";
                        });
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String selector(ServiceKey k) {
        if (k instanceof ServiceKey.AddressKey a) {
            String flag = switch (a.protocol()) {
                case TCP -> "-t";
                case UDP -> "-u";
                case SCTP -> "--sctp-service";
            };
            return flag + " " + Endpoints.format(a.address(), a.port());
        }
        ServiceKey.FwmarkKey f = (ServiceKey.FwmarkKey) k;
        return "-f " + Integer.toUnsignedString(f.mark()) + (f.family() == AddressFamily.INET6 ? " -6" : "");
    }
}
