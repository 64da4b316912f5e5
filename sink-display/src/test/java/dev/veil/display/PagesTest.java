package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PagesTest {

    private static final Pattern EXTERNAL = Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//", Pattern.CASE_INSENSITIVE);

    private static StreamSnapshot snapshot(String stream) {
        return new StreamSnapshot(stream, 3, 3, 0, 0, 2, 25.0, 1.0, 1, null, Map.of(), 0);
    }

    @Test
    void hostileStreamIdsAreEscapedEverywhere() {
        String hostile = "\"><img src=x onerror=alert(1)>";
        String index = Pages.index(List.of(snapshot(hostile)));
        String viewer = Pages.viewer(hostile);
        for (String page : List.of(index, viewer)) {
            assertFalse(page.contains("<img src=x"), page);
            assertFalse(page.contains(hostile), page);
        }
        assertTrue(viewer.contains("data-stream=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""), viewer);
    }

    @Test
    void pagesLoadNothingFromElsewhere() {
        assertFalse(EXTERNAL.matcher(Pages.index(List.of(snapshot("cam")))).find());
        assertFalse(EXTERNAL.matcher(Pages.viewer("cam")).find());
        assertFalse(Pages.viewer("cam").contains("<link"));
    }

    @Test
    void streamIdsBecomeOnePathSegment() {
        assertEquals("front%20door", Pages.pathSegment("front door"));
        assertEquals("a%2Fb", Pages.pathSegment("a/b"));
        assertEquals("caf%C3%A9", Pages.pathSegment("café"));
    }
}
