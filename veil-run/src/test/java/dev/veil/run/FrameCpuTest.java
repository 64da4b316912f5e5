package dev.veil.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameCpuTest {

    @Test
    void theLineNamesThePartsFromMostToLeastAndLeavesOutThoseUnderAFiftiethOfAMillisecond() {
        FrameCpu cpu = new FrameCpu(Map.of(CpuPart.TRACKER, 0.3, CpuPart.DETECTOR, 26.14, CpuPart.RESIZING, 0.04,
                CpuPart.ENCODING, 16.0), 43.0, 1);
        assertEquals("CPU a frame from the pipeline's start: detector 26.1 ms, MP4 encoding 16.0, tracker 0.3;"
                + " 43.0 ms in all, on 1 core", cpu.line());
        assertEquals(0.04, cpu.of(CpuPart.RESIZING), "left out of the line, not of the figures");
        assertEquals(0.0, cpu.of(CpuPart.JVM));
    }

    @Test
    void itKeepsItsOwnCopyOfTheFigures() {
        Map<CpuPart, Double> millis = new EnumMap<>(CpuPart.class);
        millis.put(CpuPart.DETECTOR, 30.0);
        FrameCpu cpu = new FrameCpu(millis, 60.0, 2);
        millis.put(CpuPart.DETECTOR, 1.0);
        assertEquals(30.0, cpu.of(CpuPart.DETECTOR));
        assertThrows(UnsupportedOperationException.class, () -> cpu.millis().put(CpuPart.JVM, 1.0));
    }
}
