package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.protobuf.ByteString;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.inference.detect.Tiling;
import dev.veil.inference.gpu.GpuFailure;
import dev.veil.inference.network.OnnxRuntimeEngine;
import dev.veil.inference.network.YoloEngine;
import dev.veil.inference.tracking.TrackingConfig;
import dev.veil.inference.yolo.TinyOnnxModel;
import dev.veil.inference.yolo.YoloFaceDetector;
import dev.veil.inference.yolo.YoloFormat;
import dev.veil.stage.MapVertex;
import io.numaproj.numaflow.map.v1.MapOuterClass.MapResponse;
import io.numaproj.numaflow.mapper.GRPCConfig;
import io.numaproj.numaflow.mapper.Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batching as a Numaflow read batch reaches the vertex: several frames, of several streams, sent at once on the
 * map stream to numaflow-java's real server, detected in one engine call, each answered with its own faces.
 * Also: a GPU failure in a batch, injected with a mock engine (a CUDA fault cannot be caused without a GPU).
 */
class BatchedInferenceTest {

    private static final int SIDE = 64;

    @TempDir
    Path dir;

    /** A frame of a uniform grey level, its picture a JPEG. */
    private static Frame frame(String stream, long sequence, int level) {
        try (Scalar s = new Scalar(level, level, level, 0);
             Mat grey = new Mat(SIDE, SIDE, CV_8UC3, s)) {
            return Frame.newBuilder().setStreamId(stream).setSequence(sequence).setWidth(SIDE).setHeight(SIDE)
                    .setJpeg(ByteString.copyFrom(JpegCodec.encode(grey, 95)))
                    .setDetectionStatus(DetectionStatus.DETECTION_STATUS_NOT_RUN).build();
        }
    }

    /** A YOLOv8 output with one face centred at x = 20 + 16 * mean, y = 30, 10 x 12, score 0.9. */
    private static TinyOnnxModel.Output oneFace() {
        int n = 1;
        float[] b = new float[20];
        float[] k = new float[20];
        b[0] = 20;
        b[1] = 30;
        b[2] = 10;
        b[3] = 12;
        b[4] = 0.9f;
        k[0] = 16;
        return new TinyOnnxModel.Output("output0", new int[]{1, 20, n}, k, b);
    }

    private Server serve(FaceInference handler, int port) throws Exception {
        Server server = new Server(new MapVertex(handler), GRPCConfig.newBuilder().port(port).isLocal(true)
                .infoFilePath(dir.resolve("server-info").toString()).socketPath(dir.resolve("map.sock").toString())
                .build());
        server.start();
        return server;
    }

    @Test
    void aReadBatchOfTwoStreamsIsDetectedInOneEngineCall() throws Exception {
        Path model = TinyOnnxModel.write(dir.resolve("v8.onnx"), 0, SIDE, List.of(oneFace()));
        YoloFaceDetector detector = new YoloFaceDetector(new OnnxRuntimeEngine(model, SIDE, 4, 1), "v8.onnx",
                YoloFormat.AUTO, 0.5, 0.45, Tiling.off());
        // A generous wait: the batch closes as soon as its four frames are in, never by the clock here. Nothing held:
        // each stream's face jumps too far between its two frames to be followed, and this is about batching.
        FaceInference handler = new FaceInference(detector, 4, Duration.ofSeconds(10), new TrackingConfig(1, 0));
        int port = NumaflowMapClient.freePort();
        Server server = serve(handler, port);
        int[] levels = {0, 51, 153, 255};
        String[] streams = {"cam-a", "cam-b", "cam-a", "cam-b"};
        List<byte[]> values = new ArrayList<>();
        List<String[]> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            values.add(frame(streams[i], i / 2, levels[i]).toByteArray());
            keys.add(new String[]{streams[i]});
        }
        try (NumaflowMapClient client = new NumaflowMapClient(port)) {
            List<MapResponse> answers = client.sendAll(values, keys);

            assertEquals(1, handler.stats().batches(), "one engine call for the read batch");
            assertEquals(1, detector.engineRuns());
            for (int i = 0; i < 4; i++) {
                assertEquals(1, answers.get(i).getResultsCount());
                assertEquals(List.of(streams[i]), answers.get(i).getResults(0).getKeysList());
                Frame out = FrameCodec.decode(answers.get(i).getResults(0).getValue().toByteArray());
                assertEquals(streams[i], out.getStreamId());
                assertEquals(DetectionStatus.DETECTION_STATUS_OK, out.getDetectionStatus());
                assertEquals(1, out.getDetectionsCount(), "frame " + i);
                double centre = 20 + 16 * (levels[i] / 255.0);
                // JPEG may move a flat grey by a level or two: 16/255 of a pixel each.
                assertEquals((centre - 5) / SIDE, out.getDetections(0).getXMin(), 0.003, "frame " + i);
            }
        } finally {
            server.stop();
            handler.close();
            detector.close();
        }
        assertEquals(new InferenceStats(4, 4, 0, 1, 0, 0, 0, 0), handler.stats());
    }

    @Test
    void aGpuFailureFailsTheBatchsFramesClosedAndAsksForARestartOnce() throws Exception {
        // What TensorRtEngine throws when CUDA fails; a CUDA fault cannot be caused on this machine.
        YoloEngine engine = mock(YoloEngine.class);
        FloatPointer input = new FloatPointer(4L * 3 * SIDE * SIDE);
        when(engine.inputSize()).thenReturn(SIDE);
        when(engine.capacity()).thenReturn(4);
        when(engine.input()).thenReturn(input);
        when(engine.onGpu()).thenReturn(true);
        when(engine.describe()).thenReturn("tensorrt fp16 (mock)");
        dev.veil.inference.network.OutputTensor v8 = new dev.veil.inference.network.OutputTensor(new int[]{1, 20, 1}, oneFace().b());
        when(engine.run(anyInt())).thenReturn(List.of(v8))
                .thenThrow(new GpuFailure("cudaStreamSynchronize: CUDA error 700 (an illegal memory access was encountered)"));
        YoloFaceDetector detector = new YoloFaceDetector(engine, "v8.onnx", YoloFormat.AUTO, 0.5, 0.45, Tiling.off());
        AtomicInteger restarts = new AtomicInteger();
        FaceInference handler = new FaceInference(detector, 4, Duration.ofSeconds(2), TrackingConfig.defaults());
        handler.firstGpuFailure().thenRun(restarts::incrementAndGet);
        int port = NumaflowMapClient.freePort();
        Server server = serve(handler, port);
        try (NumaflowMapClient client = new NumaflowMapClient(port)) {
            List<byte[]> values = new ArrayList<>();
            List<String[]> keys = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                values.add(frame("cam-" + i, 1, 100).toByteArray());
                keys.add(new String[]{"cam-" + i});
            }
            for (MapResponse answer : client.sendAll(values, keys)) {
                Frame out = FrameCodec.decode(answer.getResults(0).getValue().toByteArray());
                assertEquals(DetectionStatus.DETECTION_STATUS_FAILED, out.getDetectionStatus());
                assertEquals("GpuFailure: cudaStreamSynchronize: CUDA error 700 (an illegal memory access was"
                        + " encountered)", out.getDetectionError());
                assertEquals(0, out.getDetectionsCount());
            }
            // the server still answers: the next frame fails closed too, and no second restart is asked for
            MapResponse next = client.sendAll(List.of(frame("cam-0", 2, 100).toByteArray()),
                    List.<String[]>of(new String[]{"cam-0"})).get(0);
            assertEquals(DetectionStatus.DETECTION_STATUS_FAILED,
                    FrameCodec.decode(next.getResults(0).getValue().toByteArray()).getDetectionStatus());
        } finally {
            server.stop();
            handler.close();
            input.close();
        }
        assertEquals(1, restarts.get());
        assertEquals(new InferenceStats(5, 0, 5, 2, 0, 0, 0, 0), handler.stats());
    }
}
