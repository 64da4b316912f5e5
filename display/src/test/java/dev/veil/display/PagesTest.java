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
        return snapshot(stream, false);
    }

    private static StreamSnapshot snapshot(String stream, boolean facesVisible) {
        return new StreamSnapshot(stream, facesVisible ? "boxes" : "blur", facesVisible, 3, 3, 0, 0, 0, 0, 0, 0, 2, 25.0, 1.0,
                1, 3, null, Map.of(), 0, 10, "cuda:0 Tesla T4", "opencv-cuda fp16");
    }

    @Test
    void hostileStreamIdsAreEscapedEverywhere() {
        String hostile = "\"><img src=x onerror=alert(1)>";
        String index = Pages.index(List.of(snapshot(hostile)));
        String viewer = Pages.viewer(hostile, false);
        for (String page : List.of(index, viewer)) {
            assertFalse(page.contains("<img src=x"), page);
            assertFalse(page.contains(hostile), page);
        }
        assertTrue(viewer.contains("data-stream=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""), viewer);
    }

    @Test
    void pagesLoadNothingFromElsewhere() {
        assertFalse(EXTERNAL.matcher(Pages.index(List.of(snapshot("cam")))).find());
        assertFalse(EXTERNAL.matcher(Pages.viewer("cam", false)).find());
        assertFalse(Pages.viewer("cam", false).contains("<link"));
    }

    @Test
    void aStreamThatShowsFacesIsFlaggedLoudly() {
        assertTrue(Pages.index(List.of(snapshot("debug", true), snapshot("cam", false))).contains("FACES VISIBLE"));
        assertFalse(Pages.index(List.of(snapshot("cam", false))).contains("FACES VISIBLE"));
        String warned = Pages.viewer("debug", true);
        assertTrue(warned.contains("<div id=\"facesVisible\" class=\"danger\">FACES ARE NOT HIDDEN"), warned);
        assertTrue(Pages.viewer("cam", false).contains("<div id=\"facesVisible\" class=\"danger\" hidden>"),
                "the warning is there, hidden, for the page's script to show if the mode changes");
    }

    @Test
    void theLoginFormKeepsWhereToGoEscaped() {
        String page = Pages.login("/view/a\"b", true);
        assertTrue(page.contains("name=\"next\" value=\"/view/a&quot;b\""), page);
        assertTrue(page.contains("type=\"password\""));
        assertTrue(page.contains("not right"));
        assertFalse(Pages.login("/", false).contains("not right"));
    }

    @Test
    void streamIdsBecomeOnePathSegment() {
        assertEquals("front%20door", Pages.pathSegment("front door"));
        assertEquals("a%2Fb", Pages.pathSegment("a/b"));
        assertEquals("caf%C3%A9", Pages.pathSegment("café"));
    }

    @Test
    void theContentSecurityPolicyAllowsExactlyThePagesOwnScriptAndStyle() throws Exception {
        String csp = Pages.SECURITY_HEADERS.get("Content-Security-Policy");
        String viewer = Pages.viewer("cam", false);
        String script = between(viewer, "<script>", "</script>");
        String style = between(viewer, "<style>", "</style>");
        assertTrue(csp.contains("script-src '" + sha256(script) + "';"), csp);
        assertTrue(csp.contains("style-src '" + sha256(style) + "';"), csp);
        assertEquals(style, between(Pages.index(List.of()), "<style>", "</style>"), "one style sheet for every page");
        assertEquals(style, between(Pages.login("/", false), "<style>", "</style>"));
        assertFalse(viewer.contains(" style=") || viewer.contains(" onerror=") || viewer.contains(" onclick="),
                "no inline attribute the policy would block");
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertEquals("DENY", Pages.SECURITY_HEADERS.get("X-Frame-Options"));
        assertEquals("nosniff", Pages.SECURITY_HEADERS.get("X-Content-Type-Options"));
    }

    private static String between(String page, String open, String close) {
        int from = page.indexOf(open);
        assertEquals(from, page.lastIndexOf(open), "one " + open);
        return page.substring(from + open.length(), page.indexOf(close, from));
    }

    private static String sha256(String text) throws Exception {
        return "sha256-" + java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest
                .getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void theViewerShowsWhereTheFacesAreDetectedAndTheListSaysItPerStream() {
        String viewer = Pages.viewer("cam", false);
        assertTrue(viewer.contains("<td class=\"muted\">Faces detected on</td><td id=\"detectedOn\">"), viewer);
        assertTrue(viewer.contains("set('detectedOn', s.detectionRuntime + ' on ' + s.detectionDevice);"), viewer);
        String index = Pages.index(List.of(snapshot("cam")));
        assertTrue(index.contains("blur &middot; opencv-cuda fp16 on cuda:0 Tesla T4"), index);
    }
}
