package dev.fulcrum.conf;

import dev.fulcrum.conf.model.KeepalivedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every valid corpus config loads and round-trips through dump; every broken one gives its expected line. */
class CorpusTest {
    static List<Path> valid() {
        return Corpus.files("valid");
    }

    static List<Path> broken() {
        return Corpus.files("broken");
    }

    @Test
    void corpusIsLargeEnough() {
        assertTrue(valid().size() >= 25, "at least 25 valid configs");
        assertTrue(broken().size() >= 15, "at least 15 broken configs");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validConfigLoadsAndRoundTrips(Path file) {
        ConfResult r = KeepalivedConf.load(file, Corpus.options());
        assertFalse(r.hasErrors(), () -> ConfText.lines(r));
        KeepalivedConfig model = r.config().orElseThrow();
        String dump = KeepalivedWriter.write(model);
        ConfResult again = KeepalivedConf.parse(Path.of("dump.conf"), dump, LoadOptions.forId("other-node"));
        assertFalse(again.hasErrors(), () -> ConfText.lines(again) + "\n" + dump);
        assertEquals(model, again.config().orElseThrow(), "dump -> parse gives the same model");
        assertEquals(dump, KeepalivedWriter.write(again.config().orElseThrow()), "dump is stable");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void brokenConfigGivesItsExpectedDiagnostic(Path file) throws Exception {
        Path expectedFile = file.resolveSibling(file.getFileName().toString().replace(".conf", ".expected"));
        List<String> expected = Files.readAllLines(expectedFile).stream().filter(l -> !l.isBlank()).toList();
        assertFalse(expected.isEmpty(), "no expected line for " + file);
        ConfResult r = KeepalivedConf.load(file, Corpus.options());
        List<String> got = r.diagnostics().stream().map(Corpus::shortForm).toList();
        for (String e : expected) {
            assertTrue(got.contains(e), () -> "expected\n  " + e + "\ngot\n  " + String.join("\n  ", got));
        }
        assertTrue(r.hasErrors() || r.hasWarnings(), "a broken config fails `check --strict`");
    }
}
