package dev.fulcrum.vrrp.wire;

import java.net.InetAddress;

/**
 * Why a received datagram is not acted on. One record per reason, in the order RFC 3768/5798 §7.1 check
 * them, so that each can have its own counter (named after keepalived's stats where it has one) and its
 * own log line. Decoding never throws: anything malformed ends here.
 */
public sealed interface Rejection extends DecodeResult, Screening, Framing {

    /** The keepalived-style stat name; director-app exposes it through Micrometer. */
    String stat();

    /** One human line for the log, without the instance name. */
    String describe();

    /**
     * Whether this rejection silently hides a peer that is trying to be our peer. Such peers end up as
     * a second master, so the log must say so.
     */
    default boolean splitBrainRisk() {
        return true;
    }

    record IpHeaderInvalid(String why) implements Rejection {
        public String stat() { return "packet_len_err"; }
        public String describe() { return "malformed IP header: " + why; }
        public boolean splitBrainRisk() { return false; }
    }

    record TtlInvalid(int received) implements Rejection {
        public String stat() { return "ip_ttl_err"; }
        public String describe() { return "invalid TTL/HL. Received " + received + " and expect 255"; }
    }

    record VersionMismatch(int received, int expected) implements Rejection {
        public String stat() { return "version_err"; }
        public String describe() { return "wrong version. Received " + received + " and expect " + expected; }
    }

    record InvalidType(int type) implements Rejection {
        public String stat() { return "invalid_type_rcvd"; }
        public String describe() { return "invalid packet type " + type + " (expect 1 = ADVERTISEMENT)"; }
        public boolean splitBrainRisk() { return false; }
    }

    record LengthInvalid(int received, int expected) implements Rejection {
        public String stat() { return "packet_len_err"; }
        public String describe() { return "invalid packet length " + received + ", expect " + expected; }
        public boolean splitBrainRisk() { return false; }
    }

    record ChecksumInvalid(int received) implements Rejection {
        public String stat() { return "checksum_err"; }
        public String describe() { return String.format("invalid VRRP checksum 0x%04x", received); }
    }

    record VridMismatch(int received) implements Rejection {
        public String stat() { return "other_vrid"; }
        public String describe() { return "advert for VRID " + received + " (not ours), ignored"; }
        public boolean splitBrainRisk() { return false; }
    }

    record FamilyMismatch(String why) implements Rejection {
        public String stat() { return "packet_len_err"; }
        public String describe() { return "address family mismatch: " + why; }
        public boolean splitBrainRisk() { return false; }
    }

    record InvalidAuthType(int received) implements Rejection {
        public String stat() { return "invalid_authtype"; }
        public String describe() { return "received invalid auth type " + received; }
    }

    record AuthTypeMismatch(int received, int expected) implements Rejection {
        public String stat() { return "authtype_mismatch"; }
        public String describe() { return "received a " + received + " auth, expecting " + expected + "!"; }
    }

    record AuthFailure() implements Rejection {
        public String stat() { return "auth_failure"; }
        public String describe() { return "received an invalid passwd!"; }
    }

    record IntervalMismatch(int receivedCentis, int mineCentis) implements Rejection {
        public String stat() { return "advert_interval_err"; }
        public String describe() {
            return "advertisement interval mismatch mine=" + mineCentis / 100 + " sec rcv'd=" + receivedCentis / 100
                    + " sec";
        }
    }

    record AddressListMismatch(int receivedCount, int expectedCount, InetAddress missing) implements Rejection {
        public String stat() { return "addr_list_err"; }
        public String describe() {
            return missing == null
                    ? "expected " + expectedCount + " VIPs but received " + receivedCount
                    : "ip address associated with VRID not present in advert: " + missing.getHostAddress();
        }
    }

    record NotUnicastPeer(InetAddress source) implements Rejection {
        public String stat() { return "unicast_src_err"; }
        public String describe() { return "unicast source address " + source.getHostAddress() + " not a unicast peer"; }
    }

    record TtlOutOfRange(int received, int min, int max) implements Rejection {
        public String stat() { return "ip_ttl_err"; }
        public String describe() { return "unicast TTL " + received + " outside " + min + ".." + max; }
    }

    record OwnIpAddress() implements Rejection {
        public String stat() { return "own_ip_rcvd"; }
        public String describe() { return "advert received from our own IP address, ignored"; }
        public boolean splitBrainRisk() { return false; }
    }
}
