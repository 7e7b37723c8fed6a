package dev.fulcrum.ipvs.kernel;

import dev.fulcrum.ipvs.IpvsClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One netlink client per kernel IT class, opened once and left with an empty table. */
abstract class KernelIpvsClass {
    static IpvsClient client;

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeAll
    static void open() {
        client = IpvsClient.open();
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.flush();
            client.close();
        }
    }
}
