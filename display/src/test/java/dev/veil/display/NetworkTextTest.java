package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetworkTextTest {

    @Test
    void lineBreaksAndControlsAreWrittenAsEscapes() {
        assertEquals("cam\\nFORGED 2026-01-01 INFO admin logged in", NetworkText.escape(
                "cam\nFORGED 2026-01-01 INFO admin logged in"));
        assertEquals("a\\rb\\tc\\u0000d\\u001be\\u007ff\\u0085g", NetworkText.escape("a\rb\tc\u0000d\u001be\u007ff\u0085g"));
        assertEquals("x\\u2028y\\u2029z", NetworkText.escape("x\u2028y\u2029z"));
    }

    @Test
    void bidirectionalControlsAreWrittenAsEscapes() {
        String every = "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";
        assertEquals("\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069",
                NetworkText.escape(every));
        for (char c : every.toCharArray()) {
            assertTrue(NetworkText.hasUnsafeCharacters("cam" + c), Integer.toHexString(c));
        }
    }

    @Test
    void aBackslashIsDoubledSoAnEscapeCannotBeForged() {
        assertEquals("a\\\\nb", NetworkText.escape("a\\nb"));
        assertFalse(NetworkText.hasUnsafeCharacters("a\\nb"), "a backslash alone is not unsafe in a name");
    }

    @Test
    void plainTextIsKeptAsItIs() {
        for (String plain : new String[] {"front door", "caf\u00e9", "\u6444\u50cf\u5934-1", "cam_01.mp4"}) {
            assertEquals(plain, NetworkText.escape(plain));
            assertFalse(NetworkText.hasUnsafeCharacters(plain), plain);
        }
        assertEquals("null", NetworkText.escape(null));
    }

    @Test
    void longTextIsCut() {
        String escaped = NetworkText.escape("x".repeat(100_000));
        assertEquals("x".repeat(NetworkText.MAX_LOGGED_CHARS) + "...(100000 chars)", escaped);
    }
}
