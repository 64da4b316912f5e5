package dev.veil.stage;

/** When a stage worked on a frame: wall-clock microseconds since the Unix epoch (the wire format's unit). */
public record StageTime(String stage, long startMicros, long endMicros) {
}
