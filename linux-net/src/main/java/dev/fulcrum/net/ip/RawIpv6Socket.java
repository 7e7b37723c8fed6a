package dev.fulcrum.net.ip;

import static dev.fulcrum.net.ip.SocketCalls.LIBC;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * A raw IPv6 socket for one protocol (VRRP: 112) on one interface. IPv6 raw sockets never carry the IP
 * header, so the facts the VRRP receive rules need (hop limit, destination) come back as ancillary data
 * ({@code IPV6_HOPLIMIT}, {@code IPV6_PKTINFO}) through {@code recvmsg}. The kernel computes the
 * checksum on send ({@code IPV6_CHECKSUM} at offset 6), as keepalived has it do.
 */
public final class RawIpv6Socket extends RawIpSocket {
    private static final int AF_INET6 = 10;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_CHECKSUM = 7;
    private static final int IPV6_UNICAST_HOPS = 16;
    private static final int IPV6_MULTICAST_IF = 17;
    private static final int IPV6_MULTICAST_HOPS = 18;
    private static final int IPV6_MULTICAST_LOOP = 19;
    private static final int IPV6_ADD_MEMBERSHIP = 20;
    private static final int IPV6_MULTICAST_ALL = 29;
    private static final int IPV6_RECVPKTINFO = 49;
    private static final int IPV6_PKTINFO = 50;
    private static final int IPV6_RECVHOPLIMIT = 51;
    private static final int IPV6_HOPLIMIT = 52;
    private static final int IPV6_TCLASS = 67;

    /** One received datagram: payload length, source, destination and hop limit. */
    public record Datagram(int length, Inet6Address source, Inet6Address destination, int hopLimit) {
    }

    private final Runtime runtime = Runtime.getSystemRuntime();
    // receive buffers, owned by the single receiving thread
    private final Pointer data;
    private final Pointer name = Memory.allocateDirect(Runtime.getSystemRuntime(), 28);
    private final Pointer control = Memory.allocateDirect(Runtime.getSystemRuntime(), 128);
    private final Pointer iov = Memory.allocateDirect(Runtime.getSystemRuntime(), 16);
    private final Pointer msg = Memory.allocateDirect(Runtime.getSystemRuntime(), 56);
    private final int capacity = 65536;

    private RawIpv6Socket(int fd, String ifname, int ifindex) {
        super(fd, ifname, ifindex);
        this.data = Memory.allocateDirect(runtime, capacity);
    }

    public static RawIpv6Socket open(int protocol, String ifname) throws IOException {
        int[] bound = openBound(AF_INET6, protocol, ifname);
        int fd = bound[0];
        int ifindex = bound[1];
        RawIpv6Socket s = new RawIpv6Socket(fd, ifname, ifindex);
        try {
            SocketCalls.setInt(fd, IPPROTO_IPV6, IPV6_CHECKSUM, 6, "IPV6_CHECKSUM");
            SocketCalls.setInt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, ifindex, "IPV6_MULTICAST_IF");
            SocketCalls.setInt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS");
            SocketCalls.setInt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255, "IPV6_UNICAST_HOPS");
            SocketCalls.setInt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
            SocketCalls.setInt(fd, IPPROTO_IPV6, IPV6_TCLASS, 0xc0, "IPV6_TCLASS");
            SocketCalls.setInt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
            SocketCalls.setInt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
            try {
                SocketCalls.setInt(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL");
            } catch (IOException e) {
                // kernels before 4.20: harmless, SO_BINDTODEVICE already scopes us
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    public void joinGroup(Inet6Address group) throws IOException {
        byte[] mreq = new byte[20];
        System.arraycopy(group.getAddress(), 0, mreq, 0, 16);
        SocketCalls.putLe32(mreq, 16, ifindex);
        SocketCalls.setBytes(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, mreq, "IPV6_ADD_MEMBERSHIP");
    }

    /** Sends {@code payload} (checksum filled in by the kernel) to {@code destination} on our interface. */
    public void send(byte[] payload, Inet6Address destination) throws IOException {
        byte[] sa = new byte[28];
        sa[0] = (byte) AF_INET6;
        System.arraycopy(destination.getAddress(), 0, sa, 8, 16);
        SocketCalls.putLe32(sa, 24, ifindex);
        sendTo(payload, sa, destination);
    }

    /**
     * Waits up to {@code timeoutMs} for one datagram, copying its payload into {@code buf}.
     *
     * @return the datagram's facts, or null on timeout or after close
     */
    public Datagram receive(byte[] buf, int timeoutMs) throws IOException {
        if (!awaitData(timeoutMs)) {
            return null;
        }
        iov.putAddress(0, data.address());
        iov.putLong(8, Math.min(capacity, buf.length));
        msg.putAddress(0, name.address());
        msg.putInt(8, 28);
        msg.putAddress(16, iov.address());
        msg.putLong(24, 1);
        msg.putAddress(32, control.address());
        msg.putLong(40, 128);
        msg.putInt(48, 0);
        long n = LIBC.recvmsg(fd, msg, MSG_DONTWAIT);
        if (n < 0) {
            IpSocketException e = receiveError("recvmsg");
            if (e == null) {
                return null;
            }
            throw e;
        }
        data.get(0, buf, 0, (int) n);
        byte[] src = new byte[16];
        name.get(8, src, 0, 16);
        byte[] dst = null;
        int hops = -1;
        long controlLen = msg.getLong(40);
        long off = 0;
        while (off + 16 <= controlLen) {
            long len = control.getLong(off);
            int level = control.getInt(off + 8);
            int type = control.getInt(off + 12);
            if (len < 16) {
                break;
            }
            if (level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT) {
                hops = control.getInt(off + 16);
            } else if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO) {
                dst = new byte[16];
                control.get(off + 16, dst, 0, 16);
            }
            off += (len + 7) & ~7L;
        }
        try {
            return new Datagram((int) n, (Inet6Address) InetAddress.getByAddress(src),
                    dst == null ? null : (Inet6Address) InetAddress.getByAddress(dst), hops);
        } catch (UnknownHostException e) {
            throw new IOException(e);
        }
    }

}
