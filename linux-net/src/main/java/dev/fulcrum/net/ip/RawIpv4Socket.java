package dev.fulcrum.net.ip;

import static dev.fulcrum.net.ip.SocketCalls.LIBC;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * A raw IPv4 socket for one IP protocol (VRRP: 112) bound to one interface. Sends whole packets we
 * build ourselves ({@code IP_HDRINCL}, as keepalived does, so TOS, ID, TTL and the source that the v3
 * checksum covers are ours), and receives whole packets including the IP header, whose TTL the VRRP
 * receive rules check. Multicast loopback is off so we never hear ourselves.
 *
 * <p>Sending and receiving may happen on different threads; {@link #close()} makes a blocked
 * {@link #receive} return within its poll period.
 */
public final class RawIpv4Socket extends RawIpSocket {
    private static final int AF_INET = 2;
    private static final int IPPROTO_IP = 0;
    private static final int SO_RCVBUF = 8;
    private static final int IP_TOS = 1;
    private static final int IP_TTL = 2;
    private static final int IP_HDRINCL = 3;
    private static final int IP_MULTICAST_IF = 32;
    private static final int IP_MULTICAST_TTL = 33;
    private static final int IP_MULTICAST_LOOP = 34;
    private static final int IP_ADD_MEMBERSHIP = 35;
    private static final int IP_DROP_MEMBERSHIP = 36;
    private static final int IP_MULTICAST_ALL = 49;

    private RawIpv4Socket(int fd, String ifname, int ifindex) {
        super(fd, ifname, ifindex);
    }

    /**
     * Opens the socket on {@code ifname}: bound to the device, header-included sends, multicast
     * interface set, loopback off, TTL 255, TOS 0xc0, no membership leaking in from other sockets.
     */
    public static RawIpv4Socket open(int protocol, String ifname) throws IOException {
        int[] bound = openBound(AF_INET, protocol, ifname);
        int fd = bound[0];
        int ifindex = bound[1];
        RawIpv4Socket s = new RawIpv4Socket(fd, ifname, ifindex);
        try {
            SocketCalls.setInt(fd, IPPROTO_IP, IP_HDRINCL, 1, "IP_HDRINCL");
            SocketCalls.setInt(fd, IPPROTO_IP, IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
            SocketCalls.setBytes(fd, IPPROTO_IP, IP_MULTICAST_IF, mreqn(null, ifindex), "IP_MULTICAST_IF");
            SocketCalls.setInt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
            SocketCalls.setInt(fd, IPPROTO_IP, IP_MULTICAST_TTL, 255, "IP_MULTICAST_TTL");
            SocketCalls.setInt(fd, IPPROTO_IP, IP_TTL, 255, "IP_TTL");
            SocketCalls.setInt(fd, IPPROTO_IP, IP_TOS, 0xc0, "IP_TOS");
            SocketCalls.setInt(fd, SOL_SOCKET, SO_RCVBUF, 256 * 1024, "SO_RCVBUF");
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Joins {@code group} on this socket's interface. */
    public void joinGroup(Inet4Address group) throws IOException {
        SocketCalls.setBytes(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreqn(group, ifindex), "IP_ADD_MEMBERSHIP");
    }

    public void leaveGroup(Inet4Address group) throws IOException {
        SocketCalls.setBytes(fd, IPPROTO_IP, IP_DROP_MEMBERSHIP, mreqn(group, ifindex), "IP_DROP_MEMBERSHIP");
    }

    /** Sends a complete IPv4 packet (header included) towards {@code destination}. */
    public void send(byte[] packet, InetAddress destination) throws IOException {
        sendTo(packet, sockaddrIn(destination), destination);
    }

    /**
     * Waits up to {@code timeoutMs} for one packet.
     *
     * @return the packet length (IP header included), or -1 on timeout or after close
     */
    public int receive(byte[] buf, int timeoutMs) throws IOException {
        if (!awaitData(timeoutMs)) {
            return -1;
        }
        long n = LIBC.recv(fd, buf, buf.length, MSG_DONTWAIT);
        if (n < 0) {
            IpSocketException e = receiveError("recv");
            if (e == null) {
                return -1;
            }
            throw e;
        }
        return (int) n;
    }

    static byte[] mreqn(Inet4Address group, int ifindex) {
        byte[] m = new byte[12];
        if (group != null) {
            System.arraycopy(group.getAddress(), 0, m, 0, 4);
        }
        SocketCalls.putLe32(m, 8, ifindex);
        return m;
    }

    static byte[] sockaddrIn(InetAddress a) {
        byte[] sa = new byte[16];
        sa[0] = (byte) AF_INET;
        System.arraycopy(a.getAddress(), 0, sa, 4, 4);
        return sa;
    }
}
