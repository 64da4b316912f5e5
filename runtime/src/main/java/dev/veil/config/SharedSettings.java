package dev.veil.config;

import java.util.Optional;

/**
 * The settings several programs read, declared here once so that they mean one thing with one default everywhere:
 * the log level (every program), the JPEG quality (every program that sends pictures on) and the display box (the
 * source scales pictures into it while it decodes them, filter-resize scales what is still larger).
 */
public final class SharedSettings {

    /** Read by logback.xml ({@code ${VEIL_LOG_LEVEL:-INFO}}), not by Java: any other value is logback's to judge. */
    public static final Setting<String> LOG_LEVEL = Setting.text("VEIL_LOG_LEVEL",
            "level of the log lines: TRACE, DEBUG, INFO, WARN or ERROR").byDefault("INFO");

    public static final Setting<Integer> JPEG_QUALITY = Setting.integer("VEIL_JPEG_QUALITY", 1, 100,
            "quality of the JPEG pictures the program sends on").byDefault(90);

    public static final Setting<DisplayBox> DISPLAY_SIZE = Setting.of("VEIL_DISPLAY_SIZE",
                    "the display box: larger pictures are scaled down to fit it, keeping their aspect ratio",
                    DisplayBox::parse, DisplayBox::toString)
            .checking(box -> box.inRange() ? Optional.empty()
                    : Optional.of("is out of range: each side " + DisplayBox.MIN_SIDE + ".." + DisplayBox.MAX_SIDE))
            .byDefault(new DisplayBox(1280, 720));

    private SharedSettings() {
    }
}
