package dev.fulcrum.conf.model;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One line of a {@code virtual_server_group}. */
public sealed interface VsgEntry permits VsgEntry.Range, VsgEntry.Fwmark {

    /**
     * An address, or an inclusive range {@code first..last} (written {@code A-B}, {@code A-LASTOCTET} or
     * {@code A/len}), with a port (0 = none).
     */
    record Range(InetAddress first, InetAddress last, int port) implements VsgEntry {
        public IpFamily family() {
            return IpFamily.of(first);
        }

        public boolean isSingle() {
            return first.equals(last);
        }

        /** Number of addresses in the range. */
        public BigInteger size() {
            return new BigInteger(1, last.getAddress()).subtract(new BigInteger(1, first.getAddress())).add(BigInteger.ONE);
        }

        /** Every address of the range in order; for the IPVS services a VSG turns into. */
        public List<InetAddress> addresses() {
            List<InetAddress> out = new ArrayList<>();
            BigInteger a = new BigInteger(1, first.getAddress());
            BigInteger end = new BigInteger(1, last.getAddress());
            int len = first.getAddress().length;
            while (a.compareTo(end) <= 0) {
                byte[] raw = a.toByteArray();
                byte[] b = new byte[len];
                int n = Math.min(raw.length, len);
                System.arraycopy(raw, raw.length - n, b, len - n, n);
                try {
                    out.add(InetAddress.getByAddress(b));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
                a = a.add(BigInteger.ONE);
            }
            return out;
        }
    }

    /** {@code fwmark N [inet|inet6]}. */
    record Fwmark(long mark, Optional<IpFamily> family) implements VsgEntry {
    }
}
