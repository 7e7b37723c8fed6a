package dev.fulcrum.vrrp.spec;

import java.util.List;
import java.util.Objects;

/**
 * A {@code vrrp_track_process}: how many running processes match, compared with a quorum. It is "up"
 * while {@code quorum <= count <= quorumMax}; a change is reported only after it has lasted
 * {@code forkDelayMillis} (count rose) or {@code terminateDelayMillis} (count fell), so a quick
 * restart does not flap the priority.
 *
 * @param name      the tracker's name
 * @param command   the process name: matched against the kernel's comm (first 15 bytes) or argv[0]'s base
 *                  name, or against argv[0] as a whole with {@code fullCommand}
 * @param params    the arguments that must follow, exactly; empty = any arguments
 * @param quorumMax -1 = unlimited; 0 = "up" only while no such process runs
 */
public record TrackProcessSpec(String name, String command, List<String> params, boolean fullCommand, int weight,
                               boolean reverse, int quorum, int quorumMax, long forkDelayMillis,
                               long terminateDelayMillis) {
    public TrackProcessSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        params = List.copyOf(params);
    }

    /** Whether a process with this kernel name ({@code /proc/PID/comm}) and argument vector matches. */
    public boolean matches(String comm, List<String> argv) {
        if (!params.isEmpty() && (argv.size() != params.size() + 1 || !argv.subList(1, argv.size()).equals(params))) {
            return false;
        }
        if (fullCommand) {
            return !argv.isEmpty() && argv.get(0).equals(command);
        }
        if (!argv.isEmpty()) {
            String a0 = argv.get(0);
            if (a0.substring(a0.lastIndexOf('/') + 1).equals(command)) {
                return true;
            }
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
