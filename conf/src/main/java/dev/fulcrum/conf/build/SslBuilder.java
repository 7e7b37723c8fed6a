package dev.fulcrum.conf.build;

import dev.fulcrum.conf.SourcePos;
import dev.fulcrum.conf.lex.Token;
import dev.fulcrum.conf.model.SslClientSettings;
import dev.fulcrum.conf.model.SslClientSettings.PemFile;
import dev.fulcrum.conf.syntax.Statement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the top-level {@code SSL} block into {@link SslClientSettings} and loads its files the way
 * keepalived's checker does at start: a file it cannot read, a certificate it cannot parse or a key it
 * cannot decrypt is an error, because keepalived's checker process stops on it. keepalived's own
 * complaints (a second block, a keyword given twice) are warnings and the later one wins, as there.
 */
final class SslBuilder {
    static final Set<String> KEYWORDS = Set.of("password", "ca", "certificate", "key");
    /** PEM files are small; a bigger one is a wrong path (a log, a disk image). */
    static final long MAX_FILE_BYTES = 1 << 20;

    private final Findings f;
    private final Values v;
    /** The current block's keywords -> value token; null without a block. */
    private Map<String, Token> values;
    private SourcePos blockAt;

    SslBuilder(Findings f, Values v) {
        this.f = f;
        this.v = v;
    }

    void read(Statement s) {
        if (blockAt != null) {
            f.warning(s.pos(), "SSL context already specified at " + placeText(blockAt) + " - replacing");
        }
        blockAt = s.pos();
        values = new LinkedHashMap<>();
        for (Statement c : s.children()) {
            if (c.hasBlock()) {
                f.error(c.pos(), "'" + c.name() + "' takes no { } block inside SSL");
                continue;
            }
            if (!KEYWORDS.contains(c.name())) {
                f.warning(c.pos(), Keywords.unknown(c.name(), KEYWORDS));
                continue;
            }
            Optional<Token> t = v.arg(c);
            if (t.isEmpty()) {
                continue;
            }
            Token prev = values.put(c.name(), t.get());
            if (prev != null) {
                f.warning(c.pos(), "SSL " + c.name() + " already specified at " + placeText(prev.pos()) + " - replacing");
            }
        }
    }

    /** A position as file name:line:column (the file is nearly always the same one). */
    private static String placeText(SourcePos p) {
        return (p.file() == null || p.file().getFileName() == null ? "" : p.file().getFileName().toString()) + ":" + p.line() + ":" + p.column();
    }

    /** The settings of the last block, its files loaded and checked; {@link SslClientSettings#NONE} without one. */
    SslClientSettings build() {
        if (values == null) {
            return SslClientSettings.NONE;
        }
        Optional<String> password = Optional.ofNullable(values.get("password")).map(Token::text);
        Optional<PemFile> ca = file("ca");
        Optional<PemFile> cert = file("certificate");
        Optional<PemFile> key = file("key");
        SslClientSettings s = new SslClientSettings(password, ca, cert, key);
        if (ca.isPresent()) {
            check("ca", () -> s.caCertificates());
        }
        boolean certOk = cert.isPresent() && check("certificate", () -> s.certificateChain());
        if (key.isPresent() && (cert.isEmpty() || certOk)) {
            check("key", () -> s.privateKey());
        }
        if (cert.isPresent() && key.isEmpty()) {
            f.warning(values.get("certificate").pos(), "SSL certificate without key: no client certificate is presented");
        } else if (key.isPresent() && cert.isEmpty()) {
            f.warning(values.get("key").pos(), "SSL key without certificate: no client certificate is presented");
        }
        return s;
    }

    private interface Load {
        Object run() throws GeneralSecurityException;
    }

    private boolean check(String keyword, Load load) {
        try {
            load.run();
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            Token t = values.get(keyword);
            f.error(t.pos(), "SSL " + keyword + " " + t.text() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return false;
        }
    }

    private Optional<PemFile> file(String keyword) {
        Token t = values.get(keyword);
        if (t == null) {
            return Optional.empty();
        }
        Path p;
        try {
            p = Path.of(t.text());
        } catch (java.nio.file.InvalidPathException e) {
            f.error(t.pos(), "SSL " + keyword + ": not a valid path: " + e.getReason());
            return Optional.empty();
        }
        if (!p.isAbsolute()) {
            Path dir = t.pos().file() == null ? null : t.pos().file().toAbsolutePath().getParent();
            p = dir != null ? dir.resolve(p) : p.toAbsolutePath();
        }
        p = p.normalize();
        try {
            if (Files.isDirectory(p)) {
                throw new IOException("is a directory");
            }
            if (Files.size(p) > MAX_FILE_BYTES) {
                throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
            }
            return Optional.of(new PemFile(p, Files.readString(p, StandardCharsets.ISO_8859_1)));
        } catch (NoSuchFileException e) {
            f.error(t.pos(), "SSL " + keyword + " " + t.text() + ": no such file (keepalived's checker would not start)");
        } catch (AccessDeniedException e) {
            f.error(t.pos(), "SSL " + keyword + " " + t.text() + ": permission denied (keepalived's checker would not start)");
        } catch (IOException e) {
            f.error(t.pos(), "SSL " + keyword + " " + t.text() + ": cannot read: " + e.getMessage());
        }
        return Optional.empty();
    }
}
