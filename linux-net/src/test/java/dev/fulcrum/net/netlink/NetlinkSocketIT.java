package dev.fulcrum.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fulcrum.net.rtnl.Link;
import dev.fulcrum.net.rtnl.RouteNetlink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Talks to the host kernel's always-present netlink families (nlctrl, rtnetlink); needs no IPVS. */
class NetlinkSocketIT {
    @Test
    void resolvesTheControllerFamilyAndReportsAMissingOneAsEnoent() {
        try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_GENERIC)) {
            assertTrue(s.portId() != 0, "kernel assigned a port id");
            GenericNetlinkFamily ctrl = GenericNetlinkFamily.resolve(s, "nlctrl");
            assertEquals(Netlink.GENL_ID_CTRL, ctrl.id());
            assertEquals("nlctrl", ctrl.name());
            NetlinkException e = assertThrows(NetlinkException.class, () -> GenericNetlinkFamily.resolve(s, "NO-SUCH-FAM"));
            assertEquals("ENOENT", e.errnoName());
            assertTrue(e.getMessage().startsWith("resolve generic netlink family NO-SUCH-FAM: ENOENT"), e.getMessage());
        }
    }

    @Test
    void batchMatchesAcksBySequenceAndKeepsGoingAfterAFailure() {
        try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_GENERIC)) {
            List<NetlinkRequest> batch = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                batch.add(GenericNetlinkFamily.request(i % 3 == 1 ? "NOPE" + i : "nlctrl"));
            }
            List<NetlinkReply> replies = s.execute(batch);
            assertEquals(1000, replies.size());
            for (int i = 0; i < 1000; i++) {
                NetlinkReply r = replies.get(i);
                if (i % 3 == 1) {
                    assertFalse(r.ok(), "request " + i);
                    assertEquals("ENOENT", r.errnoName());
                    assertEquals("NOPE" + i, r.request().object());
                } else {
                    assertTrue(r.ok(), "request " + i + ": " + r.errnoName());
                    assertEquals(1, r.data().size());
                    assertEquals(Netlink.GENL_ID_CTRL, GenericNetlinkFamily.decode(r.data().get(0)).id());
                }
            }
        }
    }

    @Test
    void dumpFollowsMultipartRepliesToDone() {
        try (RouteNetlink rt = RouteNetlink.open()) {
            List<Link> links = rt.links();
            assertTrue(links.stream().anyMatch(l -> l.name().equals("lo")), links.toString());
            assertEquals(links.stream().filter(l -> l.name().equals("lo")).findFirst().orElseThrow().index(), rt.linkIndex("lo"));
            NetlinkException e = assertThrows(NetlinkException.class, () -> rt.linkIndex("nosuchdev0"));
            assertEquals("ENODEV", e.errnoName());
            assertFalse(rt.addresses(0).isEmpty());
        }
    }
}
