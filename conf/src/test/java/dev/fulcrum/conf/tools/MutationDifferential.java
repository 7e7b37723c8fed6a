package dev.fulcrum.conf.tools;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.Corpus;
import dev.fulcrum.conf.KeepalivedBinary;
import dev.fulcrum.conf.KeepalivedConf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An exploration tool, not a test: applies single-line mutations to the valid corpus (delete, duplicate,
 * move, retype a number, typo a keyword, break an address, swap an enum) and prints every case where
 * {@code keepalived -t} and {@code fulcrum check --strict} disagree, with both outputs. Used to find
 * semantic gaps; the reasoned differences are listed in {@code KeepalivedDifferentialIT} and the report.
 *
 * <pre>
 * java -cp conf/target/classes:conf/target/test-classes dev.fulcrum.conf.tools.MutationDifferential [SEED] [COUNT]
 * </pre>
 */
public final class MutationDifferential {
    private MutationDifferential() {
    }

    public static void main(String[] args) throws Exception {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : System.nanoTime();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Random rnd = new Random(seed);
        Path work = Files.createTempDirectory("fulcrum-mutations");
        List<Path> sources = new ArrayList<>();
        for (Path p : Corpus.files("valid")) {
            copyTree(p.getParent(), work);
            if (!p.getFileName().toString().startsWith("27-")) {
                // 27 uses keywords newer than keepalived 2.2.7 on purpose: every mutation would disagree
                sources.add(work.resolve(p.getFileName()));
            }
        }
        int disagree = 0;
        for (int k = 0; k < count; k++) {
            Path src = sources.get(rnd.nextInt(sources.size()));
            List<String> lines = new ArrayList<>(Files.readAllLines(src));
            int li = rnd.nextInt(lines.size());
            String desc = mutate(lines, li, rnd);
            Path out = work.resolve("mutation-" + k + ".conf");
            Files.write(out, lines);
            ConfResult r = KeepalivedConf.load(out, Corpus.options());
            KeepalivedBinary.Run ka = KeepalivedBinary.check(out, Corpus.ID);
            boolean ours = r.diagnostics().isEmpty();
            if (ours != ka.valid()) {
                disagree++;
                System.out.printf("%s:%d %s%n  keepalived rc=%d %s%n  fulcrum %s%n", src.getFileName(), li + 1, desc, ka.rc(),
                        ka.output().strip().replace("\n", " | "), ours ? "clean" : r.diagnostics().get(0));
            }
        }
        System.out.printf("seed %d: %d mutations, %d disagreements%n", seed, count, disagree);
    }

    private static String mutate(List<String> lines, int li, Random rnd) {
        String l = lines.get(li);
        switch (rnd.nextInt(7)) {
            case 0 -> {
                lines.remove(li);
                return "delete '" + l.strip() + "'";
            }
            case 1 -> {
                lines.add(li, l);
                return "duplicate '" + l.strip() + "'";
            }
            case 2 -> {
                String[] numbers = {"0", "256", "-1", "99999", "65536", "1.5"};
                String m = l.replaceFirst("\\b\\d+\\b", numbers[rnd.nextInt(numbers.length)]);
                lines.set(li, m);
                return "number '" + m.strip() + "'";
            }
            case 3 -> {
                String m = l.replaceFirst("([a-z_]{4,})", "$1x");
                lines.set(li, m);
                return "typo '" + m.strip() + "'";
            }
            case 4 -> {
                int to = rnd.nextInt(lines.size());
                lines.remove(li);
                lines.add(Math.min(to, lines.size()), l);
                return "move '" + l.strip() + "' to line " + (to + 1);
            }
            case 5 -> {
                String m = l.contains("BACKUP") ? l.replace("BACKUP", "MASTER")
                        : l.replace("MASTER", "BACKUP").replace("TCP", "UDP").replace("NAT", "DR");
                lines.set(li, m);
                return "swap '" + m.strip() + "'";
            }
            default -> {
                String m = l.replaceFirst("(\\d+\\.\\d+\\.\\d+\\.)\\d+", "$1" + (rnd.nextBoolean() ? "300" : "0"));
                lines.set(li, m);
                return "address '" + m.strip() + "'";
            }
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
