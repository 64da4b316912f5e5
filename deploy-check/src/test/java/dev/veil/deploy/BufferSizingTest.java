package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The inter-step buffers can carry the biggest frame the source emits, and hold every frame a vertex has not read
 * yet, with the limits the pipeline sets.
 */
class BufferSizingTest {

    /** The source's cap on a frame's JPEG when VEIL_MAX_FRAME_BYTES is not set (8 MiB). */
    private static final long DEFAULT_MAX_FRAME_BYTES = 8L * 1024 * 1024;
    /** Room for the frame's other protobuf fields and Numaflow's envelope and NATS headers. */
    private static final long ENVELOPE_BYTES = 256 * 1024;

    static java.util.List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void aMessageHoldsTheLargestFrameAndABufferHoldsEveryUnreadMessage(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        JsonNode jetstream = r.ofKind("InterStepBufferService").get(0).path("spec").path("jetstream");
        long maxPayload = setting(jetstream.path("settings").asString(""), "max_payload");
        long streamBytes = setting(jetstream.path("bufferConfig").asString(""), "maxBytes");

        Rendered.Container source = r.containers().stream().filter(c -> c.program().orElse(null) == Program.SOURCE)
                .findFirst().orElseThrow();
        Map<String, Rendered.Variable> env = r.environment(source);
        long maxFrame = env.containsKey("VEIL_MAX_FRAME_BYTES")
                ? Long.parseLong(env.get("VEIL_MAX_FRAME_BYTES").withoutSecret().orElseThrow())
                : DEFAULT_MAX_FRAME_BYTES;
        assertTrue(maxPayload >= maxFrame + ENVELOPE_BYTES,
                "max_payload " + maxPayload + " cannot carry a frame of " + maxFrame + " bytes and its envelope");
        assertTrue(maxPayload <= 64L * 1024 * 1024, "NATS refuses max_payload above 64 MiB");

        JsonNode limits = r.pipeline().path("spec").path("limits");
        long unread = limits.path("bufferMaxLength").asLong(30000) * limits.path("bufferUsageLimit").asLong(80) / 100;
        assertTrue(streamBytes >= unread * maxPayload, "a buffer of " + streamBytes + " bytes cannot hold "
                + unread + " unread messages of up to " + maxPayload + " bytes; JetStream would discard them");
    }

    /**
     * Numaflow v1.8.3's controller copies only these three from {@code settings} into nats.conf
     * (pkg/reconciler/isbsvc/installer/jetstream.go; its default config says "Only support to configure
     * max_payload" and the two store limits): anything else written there would be a setting that does nothing.
     */
    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void theBufferServiceSetsOnlyWhatNumaflowPassesToNats(String overlay) {
        JsonNode jetstream = Rendered.overlay(overlay).ofKind("InterStepBufferService").get(0).path("spec").path("jetstream");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s*([A-Za-z_]+)\\s*:").matcher(jetstream.path("settings").asString(""));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertTrue(!names.isEmpty() && Set.of("max_payload", "max_memory_store", "max_file_store").containsAll(names),
                "settings Numaflow ignores: " + names);
    }

    /** A "name: value" setting from the buffer service's NATS or buffer configuration (sizes in bytes). */
    private static long setting(String text, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + ":\\s*(\\d+)\\s*$").matcher(text);
        assertTrue(m.find(), "no " + name + " in " + text);
        return Long.parseLong(m.group(1));
    }
}
