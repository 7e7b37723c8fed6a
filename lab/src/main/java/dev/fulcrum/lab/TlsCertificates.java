package dev.fulcrum.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates for tests against real TLS peers, made with the openssl CLI in a directory: CAs, and EC
 * keys with certificates a CA signed. Tests of client certificates and of verification need more than one
 * CA and keys encrypted with a password, which a self-signed certificate cannot stand in for.
 */
public final class TlsCertificates {
    private static final Duration OPENSSL_LIMIT = Duration.ofSeconds(30);

    private TlsCertificates() {
    }

    /** A self-signed CA: {@code NAME.pem} and its unencrypted key {@code NAME-key.pem} in {@code dir}. */
    public static void ca(Path dir, String name, String subject) {
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + "-key.pem",
                "-out", name + ".pem", "-days", "2", "-subj", subject);
    }

    /**
     * {@code NAME-key.pem}, a PKCS#8 EC key (encrypted with AES-256-CBC under {@code password} when it is not
     * null), and {@code NAME.pem}, a certificate for {@code subject} signed by the CA {@code ca} of {@link #ca}.
     */
    public static void signed(Path dir, String name, String ca, String subject, String password) {
        List<String> key = new ArrayList<>(List.of("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-out", name + "-key.pem"));
        List<String> req = new ArrayList<>(List.of("req", "-new", "-key", name + "-key.pem", "-subj", subject, "-out", name + ".csr"));
        if (password != null) {
            key.addAll(List.of("-aes-256-cbc", "-pass", "pass:" + password));
            req.addAll(List.of("-passin", "pass:" + password));
        }
        openssl(dir, key.toArray(String[]::new));
        openssl(dir, req.toArray(String[]::new));
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + "-key.pem", "-CAcreateserial",
                "-days", "2", "-out", name + ".pem");
    }

    private static void openssl(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Processes.run(cmd, dir, OPENSSL_LIMIT).orThrow();
    }
}
