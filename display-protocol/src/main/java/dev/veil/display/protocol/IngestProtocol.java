package dev.veil.display.protocol;

import java.util.Set;

/**
 * What the sink and the display server agree on for {@code POST /ingest}, beyond the frame itself (frame-format's
 * wire format): both programs take it from here, so neither keeps a copy that could drift. The ingest token's
 * variable, {@code VEIL_INGEST_TOKEN}, is a setting of each program and is declared in each one's config.
 */
public final class IngestProtocol {

    /** Where the sink posts each frame. */
    public static final String PATH = "/ingest";
    /** The body: one frame, as {@code FrameCodec.encode} makes it. */
    public static final String CONTENT_TYPE = "application/x-protobuf";
    /** How the sink presents the ingest token: {@code Authorization: Bearer <token>}. */
    public static final String BEARER = "Bearer ";
    /** Sent with every frame: how the sink treated the faces, one of {@link #MODES}. */
    public static final String ANONYMIZATION_HEADER = "Veil-Anonymization";
    /** The sink's anonymization modes as the header names them; anything else the display shows as unknown. */
    public static final Set<String> MODES = Set.of("blur", "pixelate", "fill", "boxes");
    /** The one mode that leaves faces visible: the viewer warns about it. */
    public static final String FACES_VISIBLE_MODE = "boxes";

    private IngestProtocol() {
    }
}
