package dev.fulcrum.vrrp.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Minimal classic-libpcap reader (Ethernet link type) for the captured test vectors. */
final class PcapFile {
    record Frame(long micros, byte[] data) {
        int etherType() {
            return ((data[12] & 0xff) << 8) | (data[13] & 0xff);
        }

        /** The IPv4 packet, cut at its header's total length (frames are not padded). */
        byte[] ipv4() {
            int total = ((data[16] & 0xff) << 8) | (data[17] & 0xff);
            byte[] ip = new byte[total];
            System.arraycopy(data, 14, ip, 0, total);
            return ip;
        }
    }

    static List<Frame> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt();
        if (magic != 0xa1b2c3d4) {
            throw new IOException("unsupported pcap magic " + Integer.toHexString(magic));
        }
        b.position(20);
        int linkType = b.getInt();
        if (linkType != 1) {
            throw new IOException("link type " + linkType);
        }
        List<Frame> frames = new ArrayList<>();
        while (b.remaining() >= 16) {
            long sec = b.getInt() & 0xffffffffL;
            long usec = b.getInt() & 0xffffffffL;
            int incl = b.getInt();
            b.getInt();
            byte[] data = new byte[incl];
            b.get(data);
            frames.add(new Frame(sec * 1_000_000 + usec, data));
        }
        return frames;
    }

    static Path vector(String name) {
        Path p = Path.of("/work/shared/testvectors", name);
        if (!Files.exists(p)) {
            p = Path.of(System.getProperty("user.dir")).resolve("../../shared/testvectors").resolve(name).normalize();
        }
        return p;
    }

    static byte[] hex(String s) {
        String h = s.replaceAll("[^0-9a-fA-F]", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private PcapFile() {
    }
}
