package dev.fulcrum.conf.build;

import dev.fulcrum.conf.ConfResult;
import dev.fulcrum.conf.ConfText;
import dev.fulcrum.conf.Corpus;
import dev.fulcrum.conf.KeepalivedConf;
import dev.fulcrum.conf.KeepalivedWriter;
import dev.fulcrum.conf.LoadOptions;
import dev.fulcrum.conf.model.KeepalivedConfig;
import dev.fulcrum.conf.model.SslClientSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The top-level SSL block: parsed, its files loaded and checked, printed back by dump. */
class SslBlockTest {
    private static final String VS = "virtual_server 192.0.2.1 443 {\n delay_loop 5\n lb_algo rr\n lb_kind DR\n protocol TCP\n"
            + " real_server 198.51.100.1 443 {\n  SSL_GET {\n   url {\n    path /\n   }\n  }\n }\n}\n";

    private static ConfResult parse(Path file, String text) {
        return KeepalivedConf.parse(file, text, Corpus.options());
    }

    @Test
    void theCorpusBlockLoadsTheClientCertificateAndTheCa() throws Exception {
        ConfResult r = KeepalivedConf.load(Corpus.dir("valid").resolve("30-ssl-client.conf"), Corpus.options());
        assertFalse(r.hasErrors() || r.hasWarnings(), () -> ConfText.lines(r));
        SslClientSettings s = r.config().orElseThrow().ssl();
        assertEquals(Corpus.dir("valid").resolve("30-ssl-client.d/ca.pem"), s.ca().orElseThrow().path());
        assertEquals("CN=Fulcrum corpus CA", s.caCertificates().get(0).getSubjectX500Principal().getName());
        assertEquals("CN=lb1.example.net", s.certificateChain().get(0).getSubjectX500Principal().getName());
        PrivateKey k = s.privateKey().orElseThrow();
        assertEquals("EC", k.getAlgorithm());
        assertTrue(s.presentsCertificate());
    }

    @Test
    void noBlockAndAnEmptyBlockAreKeepalivedsDefaultContextAndDumpNothing() {
        KeepalivedConfig none = parse(ConfText.FILE, VS).config().orElseThrow();
        KeepalivedConfig empty = parse(ConfText.FILE, VS + "SSL {\n}\n").config().orElseThrow();
        assertEquals(SslClientSettings.NONE, none.ssl());
        assertEquals(none, empty);
        assertFalse(KeepalivedWriter.write(empty).contains("SSL {"));
    }

    @Test
    void dumpPrintsAbsolutePathsThatReadBackToTheSameModel(@TempDir Path dir) throws Exception {
        Path src = Corpus.dir("valid").resolve("30-ssl-client.d");
        Files.copy(src.resolve("client.pem"), dir.resolve("client.pem"));
        Files.copy(src.resolve("client-key.pem"), dir.resolve("my key.pem"));
        Path conf = dir.resolve("keepalived.conf");
        String text = VS + "SSL {\n password \"corpus-pass\"\n certificate client.pem\n key \"my key.pem\"\n}\n";
        KeepalivedConfig c = parse(conf, text).config().orElseThrow();
        String dump = KeepalivedWriter.write(c);
        assertTrue(dump.contains("    certificate " + dir.resolve("client.pem") + "\n"), dump);
        assertTrue(dump.contains("    key \"" + dir.resolve("my key.pem") + "\"\n"), dump);
        ConfResult again = KeepalivedConf.parse(Path.of("dump.conf"), dump, LoadOptions.forId("other"));
        assertEquals(c, again.config().orElseThrow());
    }

    @Test
    void diagnosticsNameTheKeywordAndThePlace(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("k.conf");
        Files.writeString(dir.resolve("empty.pem"), "");
        Files.createDirectory(dir.resolve("sub"));
        ConfResult r = parse(conf, VS + "SSL {\n ca empty.pem\n certificate sub\n key\n verify on\n SSL_GET {\n }\n}\n");
        String lines = ConfText.lines(r);
        assertTrue(lines.contains("k.conf:15:5: error: SSL ca empty.pem: no PEM CERTIFICATE in the file"), lines);
        assertTrue(lines.contains("k.conf:16:14: error: SSL certificate sub: cannot read: is a directory"), lines);
        assertTrue(lines.contains("k.conf:17:2: error: 'key' needs a value"), lines);
        assertTrue(lines.contains("k.conf:18:2: warning: unknown keyword 'verify'"), lines);
        assertTrue(lines.contains("k.conf:19:2: error: 'SSL_GET' takes no { } block inside SSL"), lines);
        assertTrue(r.config().isEmpty());
        ConfResult bare = parse(conf, VS + "SSL\n");
        assertTrue(ConfText.lines(bare).contains("error: 'SSL' needs a { } block"), ConfText.lines(bare));
    }

    @Test
    void anEncryptedKeyWithoutPasswordAndACertificateWithoutKey() {
        Path d = Corpus.dir("valid").resolve("30-ssl-client.d");
        ConfResult r = parse(ConfText.FILE, VS + "SSL {\n key " + d.resolve("client-key.pem") + "\n certificate " + d.resolve("client.pem") + "\n}\n");
        assertTrue(ConfText.lines(r).contains("error: SSL key " + d.resolve("client-key.pem") + ": the key is encrypted and the SSL block has no password"),
                ConfText.lines(r));
        ConfResult half = parse(ConfText.FILE, VS + "SSL {\n certificate " + d.resolve("client.pem") + "\n}\n");
        assertFalse(half.hasErrors(), ConfText.lines(half));
        assertTrue(ConfText.lines(half).contains("warning: SSL certificate without key: no client certificate is presented"), ConfText.lines(half));
        assertFalse(half.config().orElseThrow().ssl().presentsCertificate());
    }

    @Test
    void secretsStayOutOfToString() {
        Path d = Corpus.dir("valid").resolve("30-ssl-client.d");
        SslClientSettings s = parse(ConfText.FILE, VS + "SSL {\n password corpus-pass\n key " + d.resolve("client-key.pem") + "\n certificate "
                + d.resolve("client.pem") + "\n}\n").config().orElseThrow().ssl();
        assertFalse(s.toString().contains("corpus-pass"), s.toString());
        assertFalse(s.toString().contains("BEGIN"), s.toString());
        assertTrue(s.toString().contains("client-key.pem"), s.toString());
    }
}
