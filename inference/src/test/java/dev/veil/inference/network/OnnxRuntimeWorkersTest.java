package dev.veil.inference.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.detect.BundledModels;
import dev.veil.inference.yunet.YuNetDetector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OnnxRuntimeWorkersTest {

    /**
     * ONNX Runtime's worker threads carry its name in the operating system, not the name of the thread that loaded
     * the model: per-thread CPU ({@code veil run}'s summary, {@code top -H}) counts them as the detector's.
     */
    @Test
    void aSessionsWorkerThreadsAreNamedForOnnxRuntime() throws IOException {
        byte[] model;
        String resource = BundledModels.DIR + YuNetDetector.DYNAMIC_MODEL;
        try (InputStream in = YuNetDetector.class.getResourceAsStream(resource)) {
            model = in.readAllBytes();
        }
        String testThread = Thread.currentThread().getName();
        Thread.currentThread().setName("model-loader");
        try {
            long before = threadsNamed(OnnxRuntimeNetwork.WORKER_THREAD_NAME);
            try (OnnxRuntimeNetwork network = new OnnxRuntimeNetwork(model, YuNetDetector.DYNAMIC_MODEL, 3)) {
                // Three intra-op threads: the caller of each run and two workers. (The thread that created the
                // session has the name too, and may not have quite ended yet.)
                long workers = threadsNamed(OnnxRuntimeNetwork.WORKER_THREAD_NAME) - before;
                assertTrue(workers == 2 || workers == 3, workers + " in " + names());
                assertEquals(1, threadsNamed("model-loader"), "only the loading thread has its name: " + names());
            }
        } finally {
            Thread.currentThread().setName(testThread);
        }
    }

    private static long threadsNamed(String name) throws IOException {
        return names().stream().filter(name::equals).count();
    }

    private static List<String> names() throws IOException {
        try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
            return threads.map(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip();
                } catch (IOException e) {
                    return "";
                }
            }).toList();
        }
    }
}
