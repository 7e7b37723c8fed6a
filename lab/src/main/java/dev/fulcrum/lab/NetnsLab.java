package dev.fulcrum.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A running lab topology of network namespaces, built by {@code lab/netns-lab.sh}. Closing it removes
 * every namespace, link and process the lab made, and verifies that nothing is left behind.
 *
 * <p>Each instance gets a unique lab name, so tests in parallel JVMs never share namespaces.
 */
public final class NetnsLab implements AutoCloseable {
    private static final Duration STEP = Duration.ofSeconds(60);
    private final String name;
    private final String description;

    private NetnsLab(String name, String description) {
        this.name = name;
        this.description = description;
    }

    /** A fresh lab name: a short prefix plus random digits, within the script's 12-character limit. */
    public static String freshName(String prefix) {
        String p = prefix.toLowerCase().replaceAll("[^a-z0-9]", "");
        p = p.substring(0, Math.min(p.length(), 6));
        return p + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
    }

    /** The standard director topology: client, lb1, lb2, rs1..rsN (busybox httpd answering its name). */
    public static NetnsLab standard(String prefix, int realServers) {
        String name = freshName(prefix);
        ProcessResult r = script(List.of("standard", name, Integer.toString(realServers)));
        if (!r.ok()) {
            throw new IllegalStateException("building the standard lab failed:\n" + r);
        }
        return new NetnsLab(name, r.stdout());
    }

    /** A topology from spec lines (the statements documented in {@code lab/netns-lab.sh}). */
    public static NetnsLab fromSpec(String prefix, List<String> specLines) {
        String name = freshName(prefix);
        try {
            Path spec = Files.createTempFile("netns-lab-", ".spec");
            try {
                Files.write(spec, specLines);
                ProcessResult r = script(List.of("up", name, spec.toString()));
                if (!r.ok()) {
                    throw new IllegalStateException("building lab " + name + " failed:\n" + r);
                }
                return new NetnsLab(name, r.stdout());
            } finally {
                Files.deleteIfExists(spec);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProcessResult script(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LabPaths.script("netns-lab.sh").toString());
        cmd.addAll(args);
        return Processes.run(cmd, STEP);
    }

    public String name() {
        return name;
    }

    /** The namespace that holds {@code host}. */
    public String namespace(String host) {
        return name + "-" + host;
    }

    /** What the script printed about the lab when it was built. */
    public String description() {
        return description;
    }

    /** The command line that runs {@code command} inside {@code host}; for processes a test manages itself. */
    public List<String> inHost(String host, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        cmd.addAll(command);
        return cmd;
    }

    public ProcessResult exec(String host, Duration timeout, String... command) {
        return Processes.run(inHost(host, List.of(command)), timeout);
    }

    public ProcessResult exec(String host, String... command) {
        return exec(host, Duration.ofSeconds(30), command);
    }

    /** The namespaces of this lab that exist right now (empty after {@link #close()}). */
    public List<String> liveNamespaces() {
        ProcessResult r = Processes.run(List.of("ip", "netns", "list"), Duration.ofSeconds(10));
        List<String> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String ns = line.split(" ")[0];
            if (ns.startsWith(name + "-")) {
                out.add(ns);
            }
        }
        return out;
    }

    @Override
    public void close() {
        ProcessResult r = script(List.of("down", name));
        if (!r.ok()) {
            throw new IllegalStateException("tearing down lab " + name + " failed:\n" + r);
        }
    }
}
