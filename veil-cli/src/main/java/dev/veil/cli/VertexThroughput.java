package dev.veil.cli;

import com.google.protobuf.ByteString;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.inference.FaceInference;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.tracking.TrackingConfig;
import dev.veil.stage.MapVertex;
import io.numaproj.numaflow.mapper.MapperTestKit;
import io.numaproj.numaflow.mapper.Message;
import io.numaproj.numaflow.mapper.MessageList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The inference vertex's frames per second on a clip, fed as Numaflow feeds it: read batches of {@code batch}
 * frames, each message handled on a thread of its own at the same time (so that the vertex's batcher detects them in
 * one call), the next batch once all of them are answered. Every frame is decoded from its JPEG, detected, tracked
 * and answered as in the cluster; only the network between the vertices is missing.
 *
 * @param frames  frames answered
 * @param seconds wall-clock time from the first message to the last answer
 * @param faces   faces in the answers
 * @param failed  frames answered FAILED (or dropped)
 * @param placement where the faces were detected, as the answers say
 */
record VertexThroughput(int frames, double seconds, long faces, long failed, String placement) {

    double fps() {
        return frames / seconds;
    }

    static VertexThroughput measure(FaceDetector detector, List<byte[]> jpegs, int width, int height, double fps,
                                    int batch, Duration batchWait) throws InvalidFrameException, InterruptedException {
        List<byte[]> messages = new ArrayList<>(jpegs.size());
        long captured = StageClock.nowMicros();
        for (int i = 0; i < jpegs.size(); i++) {
            messages.add(FrameCodec.encode(Frame.newBuilder().setStreamId("gpu-check").setSequence(i)
                    .setPtsMicros(Math.round(i * 1e6 / fps)).setCaptureTimeMicros(captured).setWidth(width)
                    .setHeight(height).setJpeg(ByteString.copyFrom(jpegs.get(i)))
                    .setDetectionStatus(DetectionStatus.DETECTION_STATUS_NOT_RUN).build()));
        }
        String[] keys = {"gpu-check"};
        long faces = 0;
        long failed = 0;
        String placement = "unknown";
        ExecutorService threads = Executors.newFixedThreadPool(batch);
        try (FaceInference stage = new FaceInference(detector, batch, batchWait, TrackingConfig.defaults())) {
            MapVertex vertex = new MapVertex(stage);
            long start = System.nanoTime();
            List<Future<MessageList>> answers = new ArrayList<>();
            for (int first = 0; first < messages.size(); first += batch) {
                answers.clear();
                for (int i = first; i < Math.min(messages.size(), first + batch); i++) {
                    byte[] message = messages.get(i);
                    // As Numaflow hands a message to the vertex (the SDK's own datum).
                    answers.add(threads.submit(() -> vertex.processMessage(keys, MapperTestKit.TestDatum.builder()
                            .value(message).eventTime(Instant.now()).watermark(Instant.now()).build())));
                }
                for (Future<MessageList> answer : answers) {
                    for (Message m : answer.get().getMessages()) {
                        Frame out = m.getValue() == null || m.getValue().length == 0 ? null : FrameCodec.decode(m.getValue());
                        if (out == null || out.getDetectionStatus() == DetectionStatus.DETECTION_STATUS_FAILED) {
                            failed++;
                        } else {
                            faces += out.getDetectionsCount();
                            placement = out.getDetectedOn().getRuntime() + " on " + out.getDetectedOn().getDevice();
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new VertexThroughput(messages.size(), seconds, faces, failed, placement);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the vertex failed: " + e.getCause(), e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }
}
