package dev.fulcrum.conf;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random damage to the corpus (truncation, byte flips, brace damage, line shuffles, junk bytes) must
 * never make the loader throw, and every diagnostic must carry a position. The seed is printed and can
 * be replayed with -Dfulcrum.fuzz.seed=N.
 */
class FuzzTest {
    private static final int ITERATIONS = Integer.getInteger("fulcrum.fuzz.iterations", 2500);

    @Test
    void mutatedCorpusNeverThrowsAndAlwaysHasPositions() throws Exception {
        long seed = Long.getLong("fulcrum.fuzz.seed", System.nanoTime());
        System.out.println("FuzzTest seed=" + seed + " iterations=" + ITERATIONS);
        Random rnd = new Random(seed);
        List<byte[]> inputs = new ArrayList<>();
        List<Path> files = new ArrayList<>(Corpus.files("valid"));
        files.addAll(Corpus.files("broken"));
        for (Path p : files) {
            inputs.add(Files.readAllBytes(p));
        }
        Path dir = Corpus.dir("valid");
        for (int i = 0; i < ITERATIONS; i++) {
            int which = rnd.nextInt(inputs.size());
            byte[] mutated = mutate(inputs.get(which), rnd);
            String text = new String(mutated, StandardCharsets.UTF_8);
            ConfResult r;
            try {
                r = KeepalivedConf.parse(dir.resolve("fuzz-" + i + ".conf"), text, Corpus.options());
            } catch (Throwable t) {
                fail("seed " + seed + " iteration " + i + " (from " + files.get(which).getFileName() + ") threw " + t, t);
                return;
            }
            assertNotNull(r);
            for (Diagnostic d : r.diagnostics()) {
                assertNotNull(d.pos(), "seed " + seed + " iteration " + i);
                assertTrue(d.pos().line() >= 1 && d.pos().column() >= 1, () -> "seed " + seed + ": bad position " + d);
            }
            assertTrue(r.config().isPresent() != r.hasErrors(), "model present iff no errors (seed " + seed + ")");
            if (r.internalFailure()) {
                fail("seed " + seed + " iteration " + i + ": " + r.diagnostics());
            }
        }
    }

    static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in.clone();
        int rounds = 1 + rnd.nextInt(4);
        for (int k = 0; k < rounds && b.length > 0; k++) {
            switch (rnd.nextInt(7)) {
                case 0 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
                case 1 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                case 2 -> b = replaceRandom(b, rnd, (byte) '{', rnd.nextBoolean() ? (byte) '}' : (byte) ' ');
                case 3 -> b = replaceRandom(b, rnd, (byte) '}', rnd.nextBoolean() ? (byte) '{' : (byte) ' ');
                case 4 -> b = insert(b, rnd.nextInt(b.length), "{}\"'$@~\\#!\n;()".substring(rnd.nextInt(13)).getBytes(StandardCharsets.UTF_8));
                case 5 -> b = insert(b, rnd.nextInt(b.length), randomToken(rnd).getBytes(StandardCharsets.UTF_8));
                default -> {
                    int from = rnd.nextInt(b.length);
                    int len = Math.min(b.length - from, rnd.nextInt(200));
                    byte[] n = new byte[b.length - len];
                    System.arraycopy(b, 0, n, 0, from);
                    System.arraycopy(b, from + len, n, from, b.length - from - len);
                    b = n;
                }
            }
        }
        return b;
    }

    private static String randomToken(Random rnd) {
        String[] t = {"${", "$X=", "~SEQ(", "~SEQ(N,1,0,3) ", "~LST({A,B},{1}) ", "@", "@^", "include no-such-*.inc\n", "include {a,b\n",
                "\\\n", "\"", "$Y=\\\n", "virtual_server fwmark\n", "real_server\n", "999999999999999999999", "-1", "0x1G",
                "2001:db8:::1", "1.2.3.4/99", "\u0000", "\uFFFF", "vrrp_instance {\n"};
        return t[rnd.nextInt(t.length)];
    }

    private static byte[] replaceRandom(byte[] b, Random rnd, byte what, byte with) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == what) {
                at.add(i);
            }
        }
        if (!at.isEmpty()) {
            b[at.get(rnd.nextInt(at.size()))] = with;
        }
        return b;
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] n = new byte[b.length + what.length];
        System.arraycopy(b, 0, n, 0, at);
        System.arraycopy(what, 0, n, at, what.length);
        System.arraycopy(b, at, n, at + what.length, b.length - at);
        return n;
    }
}
