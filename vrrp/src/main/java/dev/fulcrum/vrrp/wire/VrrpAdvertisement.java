package dev.fulcrum.vrrp.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP advertisement as a value, independent of version. The interval is kept in centiseconds for
 * both versions (v2 carries whole seconds on the wire) so that timers never need to know the version.
 *
 * @param version        2 or 3
 * @param vrid           1..255 (0 only as decoded from a broken peer)
 * @param priority       0 = master resigning, 255 = address owner
 * @param intervalCentis v3 Max Adver Int; v2 Adver Int × 100
 * @param authType       v2 only; NONE for v3
 * @param authData       v2 PASS password (at most 8 bytes, NUL padding removed); empty otherwise
 * @param addresses      the advertised virtual addresses, all of one family
 */
public record VrrpAdvertisement(VrrpVersion version, int vrid, int priority, int intervalCentis,
                                AuthType authType, String authData, List<InetAddress> addresses) {

    public VrrpAdvertisement {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(authType, "authType");
        authData = authData == null ? "" : authData;
        addresses = List.copyOf(addresses);
        if (vrid < 0 || vrid > 255 || priority < 0 || priority > 255) {
            throw new IllegalArgumentException("vrid/priority out of range: " + vrid + "/" + priority);
        }
        if (addresses.size() > 255) {
            throw new IllegalArgumentException("at most 255 addresses");
        }
    }

    /** A v3 advert. */
    public static VrrpAdvertisement v3(int vrid, int priority, int intervalCentis, List<InetAddress> addresses) {
        return new VrrpAdvertisement(VrrpVersion.V3, vrid, priority, intervalCentis, AuthType.NONE, "", addresses);
    }

    /** A v2 advert; interval in whole seconds as the wire demands. */
    public static VrrpAdvertisement v2(int vrid, int priority, int intervalSeconds, AuthType auth, String password,
                                       List<InetAddress> addresses) {
        return new VrrpAdvertisement(VrrpVersion.V2, vrid, priority, intervalSeconds * 100, auth,
                auth == AuthType.PASS ? password : "", addresses);
    }

    public boolean ipv6() {
        return !addresses.isEmpty() && !(addresses.get(0) instanceof Inet4Address);
    }

    public VrrpAdvertisement withPriority(int newPriority) {
        return new VrrpAdvertisement(version, vrid, newPriority, intervalCentis, authType, authData, addresses);
    }
}
