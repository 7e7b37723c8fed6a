package dev.fulcrum.conf.model;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The top-level {@code SSL} block: the one client TLS context every SSL_GET checker shares. The files'
 * contents are part of the value, not only their paths, because keepalived reads them again on every
 * reload: a renewed certificate under the same name is a changed configuration, and two loads are equal
 * only when the checkers would present and trust the same certificates.
 *
 * <p>What keepalived 2.2.7 does with it (check_ssl.c): {@code certificate} (a PEM chain) and {@code key}
 * (decrypted with {@code password}) are the client certificate, sent when a server asks for one;
 * {@code ca} is loaded as trust anchors but peer verification is never switched on, so a server
 * certificate from another CA still completes the handshake. A file that cannot be loaded stops the
 * checker process at start, which is why the conf module reports it as an error. Without the block (or
 * with an empty one) keepalived builds a default context: no client certificate, nothing verified
 * ({@link #NONE}).
 *
 * @param password    the key's pass phrase
 * @param ca          trust anchors (PEM certificates)
 * @param certificate the client certificate chain (PEM, leaf first)
 * @param key         the client private key (PEM PKCS#8, optionally encrypted with {@code password})
 */
public record SslClientSettings(Optional<String> password, Optional<PemFile> ca, Optional<PemFile> certificate,
                                Optional<PemFile> key) {
    /** No SSL block: keepalived's auto-generated context. */
    public static final SslClientSettings NONE = new SslClientSettings(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public SslClientSettings {
        Objects.requireNonNull(password);
        Objects.requireNonNull(ca);
        Objects.requireNonNull(certificate);
        Objects.requireNonNull(key);
    }

    /**
     * A PEM file as it was read when the configuration was loaded.
     *
     * @param path absolute path (a relative one in the configuration is taken from the file that names it)
     * @param text the file's content
     */
    public record PemFile(Path path, String text) {
        public PemFile {
            Objects.requireNonNull(path);
            Objects.requireNonNull(text);
        }

        /** The path and a digest of the content: key material stays out of logs. */
        @Override
        public String toString() {
            return path + " (" + text.length() + " chars, hash " + Integer.toHexString(text.hashCode()) + ")";
        }
    }

    /** True when the block sets nothing: the checkers use the default context. */
    public boolean isDefault() {
        return equals(NONE);
    }

    /** True when a client certificate is configured (both {@code certificate} and {@code key}). */
    public boolean presentsCertificate() {
        return certificate.isPresent() && key.isPresent();
    }

    /** The {@code ca} file's certificates (empty without one). */
    public List<X509Certificate> caCertificates() throws GeneralSecurityException {
        return ca.isPresent() ? Pem.certificates(ca.get().text()) : List.of();
    }

    /** The {@code certificate} file's chain, leaf first (empty without one). */
    public List<X509Certificate> certificateChain() throws GeneralSecurityException {
        return certificate.isPresent() ? Pem.certificates(certificate.get().text()) : List.of();
    }

    /**
     * The {@code key}, decrypted with {@code password} when it is encrypted; checked against the
     * certificate when there is one. Throws with a one-line reason an operator can act on.
     */
    public Optional<PrivateKey> privateKey() throws GeneralSecurityException {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        PrivateKey k = Pem.privateKey(key.get().text(), password);
        List<X509Certificate> chain = certificateChain();
        if (!chain.isEmpty()) {
            Pem.checkPair(k, chain.get(0));
        }
        return Optional.of(k);
    }

    @Override
    public String toString() {
        return "SslClientSettings[password=" + password.map(p -> "***").orElse("none") + ", ca=" + ca.map(Object::toString).orElse("none")
                + ", certificate=" + certificate.map(Object::toString).orElse("none") + ", key=" + key.map(Object::toString).orElse("none") + "]";
    }
}
