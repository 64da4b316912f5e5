package dev.veil.run;

import dev.veil.frame.StageClock;
import dev.veil.inference.FaceInference;
import dev.veil.inference.network.OnnxRuntimeNetwork;
import dev.veil.sink.AnonymizingSink;
import dev.veil.source.VideoSource;
import java.util.List;

/** A part of the pipeline whose CPU {@code veil run} reports, and the thread names it is known by. */
public enum CpuPart {
    DETECTOR("detector", FaceInference.DETECTOR_THREAD, OnnxRuntimeNetwork.WORKER_THREAD_NAME),
    TRACKER("tracker", LocalPipeline.stageThread(StageClock.INFERENCE)),
    ANONYMIZING("anonymizing", LocalPipeline.SINK_THREAD),
    ENCODING("MP4 encoding", AnonymizingSink.ARCHIVE_THREAD),
    // FFmpeg names its frame-decoding threads "av:CODEC:df" and a number.
    DECODING("decoding", VideoSource.DECODER_THREAD_PREFIX, "av:", LocalPipeline.SOURCE_THREAD),
    RESIZING("resizing", LocalPipeline.stageThread(StageClock.RESIZE)),
    JVM("JVM", "C1 CompilerThre", "C2 CompilerThre", "VM Thread", "GC Thread", "G1 ", "VM Periodic Tas"),
    OTHER("other");

    /** A Linux thread's name is at most this many bytes: a longer one is cut. */
    private static final int THREAD_NAME_BYTES = 15;

    private final String label;
    private final List<String> threadPrefixes;

    CpuPart(String label, String... threadPrefixes) {
        this.label = label;
        this.threadPrefixes = List.of(threadPrefixes);
    }

    /** How {@code veil run}'s CPU line names it. */
    public String label() {
        return label;
    }

    /** The part a thread of this name works for; {@link #OTHER} when no part claims it. */
    static CpuPart of(String threadName) {
        for (CpuPart part : values()) {
            for (String prefix : part.threadPrefixes) {
                if (threadName.startsWith(prefix.substring(0, Math.min(prefix.length(), THREAD_NAME_BYTES)))) {
                    return part;
                }
            }
        }
        return OTHER;
    }
}
