package dev.veil.bench;

import dev.veil.config.SharedSettings;

/** The vertices' INFO lines (inputs opened, ...) would drown the tables; warnings and errors still show. */
final class QuietLogs {

    private QuietLogs() {
    }

    /** Warnings and errors only, unless VEIL_LOG_LEVEL chooses otherwise. */
    static void unlessChosen() {
        String variable = SharedSettings.LOG_LEVEL.name();
        if (System.getenv(variable) == null && System.getProperty(variable) == null) {
            System.setProperty(variable, "WARN");
        }
    }
}
