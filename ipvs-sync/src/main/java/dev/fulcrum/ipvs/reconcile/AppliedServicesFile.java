package dev.fulcrum.ipvs.reconcile;

import dev.fulcrum.ipvs.model.AddressFamily;
import dev.fulcrum.ipvs.model.Protocol;
import dev.fulcrum.ipvs.model.ServiceKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The services Fulcrum has put into the kernel, persisted across restarts. Without it a service
 * deleted from the config while Fulcrum was down would be indistinguishable from a foreign one and
 * would stay forever. One service per line ("TCP 192.0.2.1 80", "FWM 7 INET6"), replaced atomically.
 * A null path keeps the set in memory only.
 */
public final class AppliedServicesFile {
    private final Path path;
    private Set<ServiceKey> memory = new TreeSet<>();

    public AppliedServicesFile(Path path) {
        this.path = path;
    }

    public static AppliedServicesFile inMemory() {
        return new AppliedServicesFile(null);
    }

    public Path path() {
        return path;
    }

    public synchronized Set<ServiceKey> load() {
        if (path == null) {
            return new TreeSet<>(memory);
        }
        try {
            Set<ServiceKey> out = new TreeSet<>();
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(parse(line));
                }
            }
            return out;
        } catch (NoSuchFileException e) {
            return new TreeSet<>();
        } catch (IOException e) {
            throw new UncheckedIOException("read " + path, e);
        }
    }

    public synchronized void save(Set<ServiceKey> keys) {
        if (path == null) {
            memory = new TreeSet<>(keys);
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("# services applied by fulcrum; removed from the kernel when no longer configured");
        for (ServiceKey k : new TreeSet<>(keys)) {
            lines.add(format(k));
        }
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write " + path, e);
        }
    }

    static String format(ServiceKey k) {
        if (k instanceof ServiceKey.AddressKey a) {
            return a.protocol() + " " + (a.address() instanceof java.net.Inet6Address ? dev.fulcrum.ipvs.model.Endpoints.compress(a.address().getAddress()) : a.address().getHostAddress()) + " " + a.port();
        }
        ServiceKey.FwmarkKey f = (ServiceKey.FwmarkKey) k;
        return "FWM " + Integer.toUnsignedString(f.mark()) + " " + f.family();
    }

    static ServiceKey parse(String line) {
        String[] w = line.split("\\s+");
        try {
            if (w[0].equals("FWM")) {
                return ServiceKey.fwmark(Integer.parseUnsignedInt(w[1]), AddressFamily.valueOf(w[2]));
            }
            return ServiceKey.of(Protocol.parse(w[0]), InetAddress.getByName(w[1]), Integer.parseInt(w[2]));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("bad applied-service line '" + line + "'", e);
        }
    }
}
