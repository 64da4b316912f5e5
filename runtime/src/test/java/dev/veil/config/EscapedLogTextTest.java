package dev.veil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscapedLogTextTest {

    @Test
    void controlAndBidiCharactersBecomeEscapes() {
        assertEquals("cam\\r\\nFAKE ERROR x", EscapedLogText.escape("cam\r\nFAKE ERROR x"));
        assertEquals("a\\u202eb\\u2066c\\u200fd\\u061ce\\u2028f", EscapedLogText.escape("a\u202eb\u2066c\u200fd\u061ce\u2028f"));
        assertEquals("bell\\u0007 del\\u007f c1\\u0085 tab\\t", EscapedLogText.escape("bell\u0007 del\u007f c1\u0085 tab\t"));
        String plain = "caméra-1 ünïcode 摄像头 \\n stays";
        assertSame(plain, EscapedLogText.escape(plain));
    }

    @Test
    void theProcessLogPatternKeepsAForgedStreamIdOnOneLine() throws Exception {
        URL config = getClass().getClassLoader().getResource("logback.xml");
        assertTrue(config != null && config.getPath().contains("classes"), "the main logback.xml: " + config);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            // The console appender takes System.err when it starts.
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(config);
            context.getLogger("probe").atWarn().addKeyValue("stream", "cam\n2026-12-01T00:00:00Z ERROR forged \u202eevil")
                    .log("ingest refused: line\rbreak");
        } finally {
            context.stop();
            System.setErr(stderr);
        }

        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.endsWith(System.lineSeparator()), "the line ends with a line break: " + out);
        List<String> lines = out.lines().toList();
        assertEquals(1, lines.size(), "one event, one line: " + lines);
        String line = lines.get(0);
        assertTrue(line.contains("WARN") && line.contains("ingest refused: line\\rbreak"), line);
        assertTrue(line.contains("stream=cam\\n2026-12-01T00:00:00Z ERROR forged \\u202eevil"), line);
        assertFalse(line.contains("\u202e"), line);
    }
}
