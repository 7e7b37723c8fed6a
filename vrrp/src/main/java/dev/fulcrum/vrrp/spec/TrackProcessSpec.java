package dev.fulcrum.vrrp.spec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@code vrrp_track_process}: how many running processes match, compared with a quorum. It is "up"
 * while {@code quorum <= count <= quorumMax}; a change is reported only after it has lasted
 * {@code forkDelayMillis} (count rose) or {@code terminateDelayMillis} (count fell), so a quick
 * restart does not flap the priority.
 *
 * @param name       the tracker's name
 * @param command    the process name: matched against the kernel's comm (first 15 bytes) or argv[0]'s base
 *                   name, or against argv[0] as a whole with {@code fullCommand}
 * @param params     the configured arguments, compared as {@code paramMatch} says
 * @param quorumMax  -1 = unlimited; 0 = "up" only while no such process runs
 * @param paramMatch how {@code params} are compared with a process's arguments ({@link ArgumentMatch#ANY}:
 *                   not at all)
 */
public record TrackProcessSpec(String name, String command, List<String> params, boolean fullCommand, int weight,
                               boolean reverse, int quorum, int quorumMax, long forkDelayMillis,
                               long terminateDelayMillis, ArgumentMatch paramMatch) {
    public TrackProcessSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(paramMatch, "paramMatch");
        params = List.copyOf(params);
    }

    /** Without a mode: arguments, if any, must match exactly (keepalived's default when arguments are given). */
    public TrackProcessSpec(String name, String command, List<String> params, boolean fullCommand, int weight,
                            boolean reverse, int quorum, int quorumMax, long forkDelayMillis, long terminateDelayMillis) {
        this(name, command, params, fullCommand, weight, reverse, quorum, quorumMax, forkDelayMillis,
                terminateDelayMillis, params.isEmpty() ? ArgumentMatch.ANY : ArgumentMatch.EXACT);
    }

    /** The configured arguments in cmdline form (each followed by a NUL), for {@link #matches(String, Cmdline, byte[])}. */
    public byte[] paramBytes() {
        return ArgumentMatch.encode(params);
    }

    /**
     * A process's {@code /proc/PID/cmdline} split once: argv[0] (null when the cmdline is empty, as for a
     * kernel thread) and the raw bytes after argv[0]'s NUL, the form {@link ArgumentMatch} compares.
     */
    public record Cmdline(String argv0, byte[] args) {
        public static Cmdline parse(byte[] cmdline) {
            if (cmdline.length == 0) {
                return new Cmdline(null, new byte[0]);
            }
            int nul = 0;
            while (nul < cmdline.length && cmdline[nul] != 0) {
                nul++;
            }
            String a0 = new String(cmdline, 0, nul, StandardCharsets.UTF_8);
            return new Cmdline(a0, Arrays.copyOfRange(cmdline, Math.min(nul + 1, cmdline.length), cmdline.length));
        }

        public static Cmdline of(List<String> argv) {
            return parse(ArgumentMatch.encode(argv));
        }
    }

    /** Whether a process with this comm and argument vector matches (argv[0] first). */
    public boolean matches(String comm, List<String> argv) {
        return matches(comm, Cmdline.of(argv), paramBytes());
    }

    /**
     * Whether a process matches: {@code comm} is {@code /proc/PID/comm}; {@code configured} is
     * {@link #paramBytes()}, passed in so a scan encodes it once.
     */
    public boolean matches(String comm, Cmdline cmdline, byte[] configured) {
        if (!paramMatch.matches(configured, cmdline.args())) {
            return false;
        }
        String a0 = cmdline.argv0();
        if (fullCommand) {
            return a0 != null && a0.equals(command);
        }
        if (a0 != null && a0.substring(a0.lastIndexOf('/') + 1).equals(command)) {
            return true;
        }
        String c = command.length() > 15 ? command.substring(0, 15) : command;
        return comm.equals(c);
    }

    /** Whether {@code count} matching processes satisfy the quorum. */
    public boolean satisfied(int count) {
        if (quorumMax == 0) {
            return count == 0;
        }
        return count >= quorum && (quorumMax < 0 || count <= quorumMax);
    }
}
