package dev.veil.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's CPU a frame by part of the pipeline, from the pipeline's start (the JVM's own start and the model's loading
 * left out): what {@code veil run}'s CPU line says.
 *
 * @param millis milliseconds of CPU a frame by part; a part that took none may be absent
 * @param inAll  the whole process's milliseconds of CPU a frame
 * @param cores  the cores the JVM was given
 */
public record FrameCpu(Map<CpuPart, Double> millis, double inAll, int cores) {

    /** Parts under this many milliseconds a frame are left out of {@link #line()}. */
    static final double LEAST_SHOWN = 0.05;

    public FrameCpu {
        EnumMap<CpuPart, Double> copy = new EnumMap<>(CpuPart.class);
        copy.putAll(millis);
        millis = Collections.unmodifiableMap(copy);
    }

    /** Milliseconds of CPU a frame in {@code part}. */
    public double of(CpuPart part) {
        return millis.getOrDefault(part, 0.0);
    }

    /**
     * "CPU a frame from the pipeline's start: detector 26.1 ms, MP4 encoding 16.0, ...; 66.0 ms in all, on 2 cores":
     * the parts from most to least, those under {@value #LEAST_SHOWN} ms left out.
     */
    public String line() {
        List<Map.Entry<CpuPart, Double>> parts = new ArrayList<>(millis.entrySet());
        parts.removeIf(part -> part.getValue() < LEAST_SHOWN);
        parts.sort(Map.Entry.<CpuPart, Double>comparingByValue().reversed());
        StringBuilder line = new StringBuilder("CPU a frame from the pipeline's start:");
        for (int i = 0; i < parts.size(); i++) {
            line.append(i == 0 ? " " : ", ").append(parts.get(i).getKey().label()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", parts.get(i).getValue()));
            if (i == 0) {
                line.append(" ms");
            }
        }
        line.append(String.format(Locale.ROOT, "; %.1f ms in all, on %d core%s", inAll, cores, cores == 1 ? "" : "s"));
        return line.toString();
    }
}
