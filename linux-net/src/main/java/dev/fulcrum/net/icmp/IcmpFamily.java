package dev.fulcrum.net.icmp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The two ICMP echo dialects, ICMP for IPv4 and ICMPv6, as the pure part of an {@link IcmpEchoSocket}:
 * socket constants, the echo request bytes, the socket address layout and the reply decoding. They differ
 * in small ways that are easy to get wrong when mixed into one code path: ICMPv6 echo types are 128/129
 * instead of 8/0, the kernel computes the ICMPv6 checksum itself (it covers a pseudo-header the sender
 * cannot see before routing), a raw ICMPv6 socket delivers no IP header while a raw ICMP socket does, and
 * {@code sockaddr_in6} is 28 bytes with a scope id that a link-local target needs. Kept free of I/O so the
 * wire format is unit-tested without a socket.
 */
public enum IcmpFamily {
    /** ICMP over IPv4: AF_INET, IPPROTO_ICMP, echo request 8 / reply 0, a 16-byte {@code sockaddr_in}. */
    IPV4(2, 1, 8, 0, 16) {
        @Override
        byte[] echoRequest(int id, int sequence, byte[] payload) {
            byte[] pkt = header(id, sequence, payload);
            int sum = checksum(pkt);
            pkt[2] = (byte) (sum >> 8);
            pkt[3] = (byte) sum;
            return pkt;
        }

        @Override
        byte[] sockaddr(InetAddress to) {
            if (!(to instanceof Inet4Address)) {
                throw new IllegalArgumentException("not an IPv4 address: " + to.getHostAddress());
            }
            ByteBuffer b = ByteBuffer.allocate(sockaddrLength()).order(ByteOrder.nativeOrder());
            b.putShort((short) domain()); // sa_family, host order; sin_port 0
            b.position(4);
            b.put(to.getAddress());
            return b.array();
        }

        @Override
        InetAddress address(byte[] sockaddr) throws UnknownHostException {
            return InetAddress.getByAddress(new byte[] {sockaddr[4], sockaddr[5], sockaddr[6], sockaddr[7]});
        }

        @Override
        int headerLength(byte[] packet, int length, boolean raw) {
            if (!raw) {
                return 0;
            }
            return length < 20 ? -1 : (packet[0] & 0x0f) * 4; // IPv4 header with its options
        }
    },

    /**
     * ICMPv6: AF_INET6, IPPROTO_ICMPV6, echo request 128 / reply 129, a 28-byte {@code sockaddr_in6}
     * (family, port, flowinfo, address at 8, scope id at 24); the checksum is left to the kernel.
     */
    IPV6(10, 58, 128, 129, 28) {
        @Override
        byte[] echoRequest(int id, int sequence, byte[] payload) {
            return header(id, sequence, payload); // checksum 0: the kernel fills it (ping and raw sockets)
        }

        @Override
        byte[] sockaddr(InetAddress to) {
            if (!(to instanceof Inet6Address v6)) {
                throw new IllegalArgumentException("not an IPv6 address: " + to.getHostAddress());
            }
            ByteBuffer b = ByteBuffer.allocate(sockaddrLength()).order(ByteOrder.nativeOrder());
            b.putShort((short) domain()); // sin6_family; sin6_port and sin6_flowinfo 0
            b.position(8);
            b.put(v6.getAddress());
            b.putInt(24, v6.getScopeId()); // sin6_scope_id, the interface index of a link-local target
            return b.array();
        }

        @Override
        InetAddress address(byte[] sockaddr) throws UnknownHostException {
            byte[] a = new byte[16];
            System.arraycopy(sockaddr, 8, a, 0, 16);
            int scope = ByteBuffer.wrap(sockaddr, 24, 4).order(ByteOrder.nativeOrder()).getInt();
            // Inet6Address keeps an IPv4-mapped address as IPv6, unlike InetAddress.getByAddress
            return scope == 0 ? Inet6Address.getByAddress(null, a, -1) : Inet6Address.getByAddress(null, a, scope);
        }

        @Override
        int headerLength(byte[] packet, int length, boolean raw) {
            return 0; // raw ICMPv6 sockets deliver the ICMPv6 message without the IPv6 header
        }
    };

    private final int domain;
    private final int protocol;
    private final int echoRequest;
    private final int echoReply;
    private final int sockaddrLength;

    IcmpFamily(int domain, int protocol, int echoRequest, int echoReply, int sockaddrLength) {
        this.domain = domain;
        this.protocol = protocol;
        this.echoRequest = echoRequest;
        this.echoReply = echoReply;
        this.sockaddrLength = sockaddrLength;
    }

    /** The family that reaches {@code address}. */
    public static IcmpFamily of(InetAddress address) {
        return address instanceof Inet6Address ? IPV6 : IPV4;
    }

    /** The socket domain, AF_INET or AF_INET6. */
    public int domain() {
        return domain;
    }

    /** The socket protocol, IPPROTO_ICMP or IPPROTO_ICMPV6. */
    public int protocol() {
        return protocol;
    }

    public int echoRequestType() {
        return echoRequest;
    }

    public int echoReplyType() {
        return echoReply;
    }

    /** sizeof(struct sockaddr_in) or sizeof(struct sockaddr_in6). */
    public int sockaddrLength() {
        return sockaddrLength;
    }

    /** The ICMP message of one echo request (no IP header). */
    abstract byte[] echoRequest(int id, int sequence, byte[] payload);

    /** The socket address of {@code to}; refuses an address of the other family. */
    abstract byte[] sockaddr(InetAddress to);

    /** The address in a socket address of this family, as recvfrom filled it. */
    abstract InetAddress address(byte[] sockaddr) throws UnknownHostException;

    /** Bytes before the ICMP message in what the socket delivered, or -1 if too short to tell. */
    abstract int headerLength(byte[] packet, int length, boolean raw);

    /**
     * Decodes one received datagram: an echo reply of this family from {@code sockaddr}, or empty for
     * anything else (a raw socket sees other ICMP messages, our own requests on loopback among them).
     */
    Optional<IcmpEchoSocket.EchoReply> decodeReply(byte[] packet, int length, boolean raw, byte[] sockaddr)
            throws UnknownHostException {
        int off = headerLength(packet, length, raw);
        if (off < 0 || length - off < 8 || (packet[off] & 0xff) != echoReply || packet[off + 1] != 0) {
            return Optional.empty();
        }
        int id = ((packet[off + 4] & 0xff) << 8) | (packet[off + 5] & 0xff);
        int seq = ((packet[off + 6] & 0xff) << 8) | (packet[off + 7] & 0xff);
        return Optional.of(new IcmpEchoSocket.EchoReply(address(sockaddr), id, seq));
    }

    /** Type, code 0, checksum 0, identifier and sequence number in network order, then the payload. */
    byte[] header(int id, int sequence, byte[] payload) {
        byte[] pkt = new byte[8 + payload.length];
        pkt[0] = (byte) echoRequest;
        pkt[4] = (byte) (id >> 8);
        pkt[5] = (byte) id;
        pkt[6] = (byte) (sequence >> 8);
        pkt[7] = (byte) sequence;
        System.arraycopy(payload, 0, pkt, 8, payload.length);
        return pkt;
    }

    /** The Internet checksum (RFC 1071) of {@code b}. */
    static int checksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i + 1 < b.length; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if ((b.length & 1) == 1) {
            sum += (b[b.length - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
