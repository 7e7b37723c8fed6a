package dev.fulcrum.vrrp.wire;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The receive checks of RFC 3768/5798 §7.1 for one instance, in the RFC's order, each failure a typed
 * {@link Rejection}. Pure: the socket edge hands in datagrams, the instance's event loop gets only what
 * passes.
 *
 * @param version          the instance's protocol version
 * @param vrid             our VRID; other VRIDs share the group and are ignored
 * @param authType         v2 auth type expected
 * @param password         v2 PASS secret (first 8 characters are significant)
 * @param intervalCentis   our advert interval; v2 drops a mismatch, v3 adopts the master's
 * @param addresses        our advertised VIPs, for the optional address-list compare
 * @param checkAddresses   false = keepalived's skip_check_adv_addr
 * @param unicastPeers     empty = multicast mode (TTL must be 255)
 * @param checkUnicastSrc  unicast: only configured peers are accepted (keepalived check_unicast_src)
 * @param ownAddresses     our own IP sources; an advert from one of them is a loop, not a peer
 */
public record AdvertScreen(VrrpVersion version, int vrid, AuthType authType, String password, int intervalCentis,
                           List<InetAddress> addresses, boolean checkAddresses, List<UnicastPeer> unicastPeers,
                           boolean checkUnicastSrc, Set<InetAddress> ownAddresses) {

    public AdvertScreen {
        addresses = List.copyOf(addresses);
        unicastPeers = List.copyOf(unicastPeers);
        ownAddresses = Set.copyOf(ownAddresses);
        password = password == null ? "" : (password.length() > 8 ? password.substring(0, 8) : password);
    }

    /** Screens a whole IPv4 packet as a raw socket returns it. */
    public Screening screenIpv4(byte[] packet, int len) {
        Framing f = Ipv4Header.parse(packet, len);
        if (f instanceof Rejection r) {
            return r;
        }
        return screen((ReceivedDatagram) f);
    }

    /** Screens one datagram. */
    public Screening screen(ReceivedDatagram d) {
        UnicastPeer peer = null;
        if (unicastPeers.isEmpty()) {
            if (d.ttl() != 255) {
                return new Rejection.TtlInvalid(d.ttl());
            }
        } else {
            peer = unicastPeers.stream().filter(p -> p.address().equals(d.source())).findFirst().orElse(null);
            if (peer != null && (d.ttl() < peer.minTtl() || d.ttl() > peer.maxTtl())) {
                return new Rejection.TtlOutOfRange(d.ttl(), peer.minTtl(), peer.maxTtl());
            }
        }
        byte[] p = d.payloadUnsafe();
        DecodeResult r = VrrpCodec.decode(p, 0, p.length, d.source(), d.destination(), version);
        if (r instanceof Rejection rej) {
            return rej;
        }
        Decoded decoded = (Decoded) r;
        VrrpAdvertisement a = decoded.advert();
        if (a.vrid() != vrid) {
            return new Rejection.VridMismatch(a.vrid());
        }
        if (ownAddresses.contains(d.source())) {
            return new Rejection.OwnIpAddress();
        }
        if (!unicastPeers.isEmpty() && checkUnicastSrc && peer == null) {
            return new Rejection.NotUnicastPeer(d.source());
        }
        if (version == VrrpVersion.V2) {
            if (a.authType() != authType) {
                return new Rejection.AuthTypeMismatch(a.authType().code(), authType.code());
            }
            if (authType == AuthType.PASS && !a.authData().equals(password)) {
                return new Rejection.AuthFailure();
            }
            if (authType == AuthType.AH) {
                return new Rejection.InvalidAuthType(AuthType.AH.code());
            }
            if (a.intervalCentis() != intervalCentis) {
                return new Rejection.IntervalMismatch(a.intervalCentis(), intervalCentis);
            }
        }
        if (checkAddresses && a.priority() != 255) {
            Set<InetAddress> got = new HashSet<>(a.addresses());
            for (InetAddress mine : addresses) {
                if (!got.contains(mine)) {
                    return new Rejection.AddressListMismatch(a.addresses().size(), addresses.size(), mine);
                }
            }
            if (a.addresses().size() != addresses.size()) {
                return new Rejection.AddressListMismatch(a.addresses().size(), addresses.size(), null);
            }
        }
        return new Screening.Accepted(new ReceivedAdvert(a, d.source()), decoded.checksumForm());
    }
}
