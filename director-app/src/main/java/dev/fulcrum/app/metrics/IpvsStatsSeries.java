package dev.fulcrum.app.metrics;

import dev.fulcrum.ipvs.model.DestinationEntry;
import dev.fulcrum.ipvs.model.KernelTable;

/**
 * Names, HELP texts and label values of the IPVS counter series, shared by the scrape-time collector and
 * the per-meter fallback so that both expose exactly the same text to an operator's scraper.
 */
final class IpvsStatsSeries {
    static final String SERVICE_PREFIX = "fulcrum_ipvs_service";
    static final String REALSERVER_PREFIX = "fulcrum_ipvs_realserver";
    static final String CONNECTIONS_HELP = "connections scheduled counted by the kernel";
    static final String PACKETS_HELP = "packets counted by the kernel";
    static final String BYTES_HELP = "bytes counted by the kernel";
    static final String ACTIVE_HELP = "active connections";
    static final String INACTIVE_HELP = "inactive connections";

    private IpvsStatsSeries() {
    }

    /** The {@code service} label: ipvsadm's form, e.g. "TCP 192.0.2.100:80". */
    static String service(KernelTable.Entry e) {
        return e.service().key().describe();
    }

    /** The {@code real_server} label: host address and port, e.g. "192.0.2.11:80" (IPv6 unbracketed, as before). */
    static String realServer(DestinationEntry d) {
        return d.destination().address().getHostAddress() + ":" + d.destination().port();
    }
}
