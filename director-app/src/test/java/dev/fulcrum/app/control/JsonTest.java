package dev.fulcrum.app.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void roundTripsNestedValuesOnOneLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        m.put("n", 42L);
        m.put("d", 1.5);
        m.put("s", "quote \" backslash \\ newline \n tab \t ctl \u0001 ü");
        m.put("l", List.of(1L, "x", List.of(), Map.of()));
        m.put("nil", null);
        String line = Json.write(m);
        assertTrue(!line.contains("\n"), line);
        assertEquals(m, Json.parse(line));
        assertEquals(m, Json.parse(Json.pretty(m)));
    }

    @Test
    void malformedInputIsAJsonExceptionWithAnOffset() {
        for (String bad : List.of("", "{", "{\"a\"}", "[1,]", "\"abc", "tru", "{\"a\":1}x", "-", "\"\\u12\"", "[".repeat(100))) {
            Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("at offset"), e.getMessage());
        }
    }

    @Test
    void randomBytesNeverThrowAnythingElse() {
        Random r = new Random(7);
        for (int i = 0; i < 5000; i++) {
            String alphabet = "{}[]\",:0123-.eEtrufalsn\\ x";
            char[] c = new char[r.nextInt(20)];
            for (int j = 0; j < c.length; j++) {
                c[j] = alphabet.charAt(r.nextInt(alphabet.length()));
            }
            try {
                Json.parse(new String(c));
            } catch (Json.JsonException expected) {
                // the only failure allowed
            }
        }
    }
}
