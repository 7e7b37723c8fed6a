package dev.fulcrum.ipvs.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fulcrum.ipvs.IpvsClient;
import dev.fulcrum.ipvs.IpvsUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** On a kernel without IPVS (the development host) the client refuses to start with one clear sentence. */
class IpvsUnavailableIT {
    @Test
    void missingModuleGivesOneClearError() {
        Assumptions.assumeFalse(Files.exists(Path.of("/proc/net/ip_vs")), "this kernel has IPVS loaded");
        IpvsUnavailableException e = assertThrows(IpvsUnavailableException.class, IpvsClient::open);
        assertEquals("kernel IPVS not available: load ip_vs", e.getMessage());
    }
}
