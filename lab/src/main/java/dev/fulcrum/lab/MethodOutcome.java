package dev.fulcrum.lab;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The outcome of one test method inside the VM, as one line of the results file the host reads back.
 * Failure details travel base64-encoded so stack traces survive the line format.
 */
record MethodOutcome(String method, Status status, String detail) {
    enum Status { SUCCESSFUL, FAILED, ABORTED }

    String toLine() {
        return method + "\t" + status + "\t" + Base64.getEncoder().encodeToString(detail.getBytes(StandardCharsets.UTF_8));
    }

    static MethodOutcome parse(String line) {
        String[] f = line.split("\t", 3);
        if (f.length != 3) {
            throw new IllegalArgumentException("bad results line: " + line);
        }
        return new MethodOutcome(f[0], Status.valueOf(f[1]), new String(Base64.getDecoder().decode(f[2]), StandardCharsets.UTF_8));
    }

    /** Two outcomes of the same method (e.g. repeated or parameterized): a failure wins, then an abort. */
    MethodOutcome merge(MethodOutcome other) {
        if (status == Status.FAILED) {
            return this;
        }
        if (other.status == Status.FAILED || (other.status == Status.ABORTED && status == Status.SUCCESSFUL)) {
            return other;
        }
        return this;
    }
}
