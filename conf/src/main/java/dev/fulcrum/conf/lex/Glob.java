package dev.fulcrum.conf.lex;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code include} patterns: csh brace expansion first (as glob(3) with GLOB_BRACE), then {@code * ? [..]}
 * per path segment. Results are sorted like glob(3) and only regular files are returned.
 */
final class Glob {
    private Glob() {
    }

    static List<Path> expand(Path baseDir, String pattern) {
        List<Path> result = new ArrayList<>();
        for (String p : braces(pattern)) {
            TreeSet<Path> matches = new TreeSet<>();
            Path start;
            String rest;
            if (p.startsWith("/")) {
                start = Path.of("/");
                rest = p.substring(1);
            } else {
                start = baseDir == null ? Path.of(".") : baseDir;
                rest = p;
            }
            walk(start, rest.split("/+"), 0, matches);
            for (Path m : matches) {
                if (!result.contains(m)) {
                    result.add(m);
                }
            }
        }
        return result;
    }

    private static void walk(Path dir, String[] segs, int i, TreeSet<Path> out) {
        if (i == segs.length) {
            if (Files.isRegularFile(dir)) {
                out.add(dir.normalize());
            }
            return;
        }
        String seg = segs[i];
        if (seg.isEmpty() || seg.equals(".")) {
            walk(dir, segs, i + 1, out);
            return;
        }
        if (!hasMeta(seg)) {
            Path next = dir.resolve(seg);
            if (i == segs.length - 1 ? Files.exists(next) : Files.isDirectory(next)) {
                walk(next, segs, i + 1, out);
            }
            return;
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        PathMatcher m;
        try {
            m = FileSystems.getDefault().getPathMatcher("glob:" + seg);
        } catch (RuntimeException e) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path child : ds) {
                Path name = child.getFileName();
                if (name != null && m.matches(name) && !(name.toString().startsWith(".") && !seg.startsWith("."))) {
                    walk(child, segs, i + 1, out);
                }
            }
        } catch (IOException | SecurityException e) {
            // unreadable directory: no matches, as glob(3) without GLOB_ERR
        }
    }

    private static boolean hasMeta(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** csh-style brace expansion: {@code a{b,c{d,e}}f} -> abf, acdf, acef. Unbalanced braces stay literal. */
    static List<String> braces(String s) {
        int open = -1;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                if (depth == 0) {
                    open = i;
                }
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
                if (depth == 0) {
                    String pre = s.substring(0, open);
                    String body = s.substring(open + 1, i);
                    String post = s.substring(i + 1);
                    List<String> alts = new ArrayList<>();
                    int d = 0;
                    int st = 0;
                    for (int k = 0; k < body.length(); k++) {
                        char b = body.charAt(k);
                        if (b == '{') {
                            d++;
                        } else if (b == '}') {
                            d--;
                        } else if (b == ',' && d == 0) {
                            alts.add(body.substring(st, k));
                            st = k + 1;
                        }
                    }
                    alts.add(body.substring(st));
                    List<String> out = new ArrayList<>();
                    for (String alt : alts) {
                        for (String tail : braces(alt + post)) {
                            out.add(pre + tail);
                        }
                    }
                    return out;
                }
            }
        }
        return List.of(s);
    }
}
