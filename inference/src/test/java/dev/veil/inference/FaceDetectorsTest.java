package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.inference.blazeface.BlazeFaceDetector;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.detect.Tiling;
import dev.veil.inference.detect.TilingMode;
import dev.veil.inference.gpu.GpuEnvironments;
import dev.veil.inference.gpu.Precision;
import dev.veil.inference.network.CpuRuntime;
import dev.veil.inference.yolo.YoloFormat;
import dev.veil.stage.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceDetectorsTest {

    private static InferenceConfig model(String model) {
        return new InferenceConfig(model, 0.5, 0.45, 640);
    }

    @Test
    void haarWhoseNativesCannotLoadIsOneConfigurationLineNotAnError() {
        // As on a GPU machine without GTK 2, which OpenCV's objdetect natives link through highgui.
        ConfigException e = assertThrows(ConfigException.class, () -> FaceDetectors.haar(() -> {
            throw new UnsatisfiedLinkError("libgtk-x11-2.0.so.0: cannot open shared object file");
        }));
        assertEquals("VEIL_MODEL=haar needs OpenCV's objdetect natives, which cannot load here (libgtk-x11-2.0.so.0:"
                + " cannot open shared object file); use yunet or another model", e.getMessage());
    }

    @Test
    void everyBuiltinNameOpensItsModel() {
        for (BuiltinModel builtin : BuiltinModel.values()) {
            try (FaceDetector detector = FaceDetectors.open(model(builtin.modelName()))) {
                String expected = switch (builtin) {
                    case YUNET -> "yunet yunet_n_dynamic.onnx at full resolution and at 0.5x and at 0.35x"
                            + " on onnxruntime cpu";
                    case BLAZEFACE_FULL_TILED -> "blazeface-full face_detection_full_range.tflite @192 tiled";
                    case BLAZEFACE_FULL -> "blazeface-full face_detection_full_range.tflite @192";
                    case BLAZEFACE_SHORT -> "blazeface-short face_detection_short_range.tflite @128";
                    case HAAR -> "haar haarcascade_frontalface_alt2.xml";
                };
                assertEquals(expected, detector.describe());
            }
        }
    }

    @Test
    void builtinNamesIgnoreCase() {
        try (FaceDetector detector = FaceDetectors.open(model("BlazeFace-Short"))) {
            assertInstanceOf(BlazeFaceDetector.class, detector);
        }
    }

    @Test
    void unknownNameIsAConfigErrorListingWhatIsAccepted() {
        ConfigException e = assertThrows(ConfigException.class, () -> FaceDetectors.open(model("retinaface")));
        assertTrue(e.getMessage().startsWith("VEIL_MODEL=retinaface"), e.getMessage());
        assertTrue(e.getMessage().contains(BuiltinModel.names()), e.getMessage());
        assertTrue(e.getMessage().contains(".onnx") && e.getMessage().contains(".tflite"), e.getMessage());
    }

    @Test
    void missingFileIsAConfigError(@TempDir Path dir) {
        String missing = dir.resolve("nowhere.onnx").toString();
        ConfigException e = assertThrows(ConfigException.class, () -> FaceDetectors.open(model(missing)));
        assertTrue(e.getMessage().contains("VEIL_MODEL=" + missing) && e.getMessage().contains("no such"), e.getMessage());
    }

    @Test
    void fileThatIsNotAModelIsAConfigError(@TempDir Path dir) throws IOException {
        Path onnx = Files.writeString(dir.resolve("fake.onnx"), "not a network");
        Path tflite = Files.writeString(dir.resolve("fake.tflite"), "not a network either");

        ConfigException a = assertThrows(ConfigException.class, () -> FaceDetectors.open(model(onnx.toString())));
        assertTrue(a.getMessage().startsWith("VEIL_MODEL=" + onnx + " cannot be used"), a.getMessage());
        ConfigException b = assertThrows(ConfigException.class, () -> FaceDetectors.open(model(tflite.toString())));
        assertTrue(b.getMessage().startsWith("VEIL_MODEL=" + tflite + " cannot be used"), b.getMessage());
    }

    @Test
    void yoloAtAnInputSizeItWasNotExportedForIsAConfigError() {
        // The shared ONNX has its reshapes fixed at 640; OpenCV refuses to run it at 320.
        Path yolo = TestImages.sharedOrSkip("models/yolov5n-0.5-face.onnx");
        ConfigException e = assertThrows(ConfigException.class,
                () -> FaceDetectors.open(new InferenceConfig(yolo.toString(), 0.5, 0.45, 320)));
        assertTrue(e.getMessage().contains("320x320") && e.getMessage().contains("VEIL_MODEL_INPUT_SIZE"), e.getMessage());
        assertTrue(!e.getMessage().contains("/home/"), "OpenCV's build path is noise: " + e.getMessage());
    }

    @Test
    void tfliteFilesAreRecognizedAsShortOrFullRange() {
        Path shortRange = TestImages.sharedOrSkip("models/blazeface-short-range.tflite");
        Path fullRange = TestImages.sharedOrSkip("models/blazeface-full-range.tflite");

        try (FaceDetector a = FaceDetectors.open(model(shortRange.toString()));
             FaceDetector b = FaceDetectors.open(model(fullRange.toString()))) {
            assertEquals(BlazeFaceDetector.Range.SHORT, ((BlazeFaceDetector) a).range());
            assertEquals(BlazeFaceDetector.Range.FULL, ((BlazeFaceDetector) b).range());
            assertEquals("blazeface-full blazeface-full-range.tflite @192", b.describe());
        }
    }

    @Test
    void onnxFilesOpenYoloWithTheConfiguredInputSizeAndRuntime() {
        Path yolo = TestImages.sharedOrSkip("models/yolov5n-0.5-face.onnx");
        try (FaceDetector detector = FaceDetectors.open(YoloConfigs.cpu(yolo, CpuRuntime.ONNXRUNTIME, TilingMode.AUTO))) {
            assertEquals("yolov5-heads yolov5n-0.5-face.onnx @640 on onnxruntime cpu, tiling auto 640px",
                    detector.describe());
        }
        try (FaceDetector detector = FaceDetectors.open(YoloConfigs.cpu(yolo, CpuRuntime.OPENCV, TilingMode.OFF))) {
            assertEquals("yolov5-heads yolov5n-0.5-face.onnx @640 on opencv cpu", detector.describe());
        }
    }

    @Test
    void cudaWithoutAGpuIsAConfigErrorSayingWhatIsMissingForEachGpuRuntime(@TempDir Path root) throws IOException {
        Path yolo = TestImages.sharedOrSkip("models/yolov5n-0.5-face.onnx");
        InferenceConfig cuda = withDevice(YoloConfigs.cpu(yolo, CpuRuntime.ONNXRUNTIME, TilingMode.OFF), Device.CUDA);
        // A machine with the driver library but no device node, as a container without its GPU.
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createFile(root.resolve("usr/lib/x86_64-linux-gnu/libcuda.so.1"));

        ConfigException e = assertThrows(ConfigException.class,
                () -> FaceDetectors.open(cuda, GpuEnvironments.under(root, false)));

        assertEquals("VEIL_DEVICE=cuda but no GPU runtime starts here: tensorrt: no GPU: no /dev/nvidiaN device;"
                + " opencv-cuda: no GPU: no /dev/nvidiaN device", e.getMessage());
    }

    @Test
    void cudaWithTheDefaultYuNetAndNoGpuIsAConfigErrorToo(@TempDir Path root) {
        InferenceConfig cuda = withDevice(InferenceConfig.defaults(), Device.CUDA);
        ConfigException e = assertThrows(ConfigException.class,
                () -> FaceDetectors.open(cuda, GpuEnvironments.under(root, false)));
        assertTrue(e.getMessage().startsWith("VEIL_DEVICE=cuda but no GPU runtime starts here: tensorrt: no GPU"),
                e.getMessage());
    }

    @Test
    void cudaWithAModelThatRunsOnTheCpuOnlyIsAConfigError() {
        InferenceConfig cuda = withDevice(model(BuiltinModel.BLAZEFACE_FULL.modelName()), Device.CUDA);
        ConfigException e = assertThrows(ConfigException.class, () -> FaceDetectors.open(cuda));
        assertTrue(e.getMessage().startsWith("VEIL_DEVICE=cuda runs ONNX models only (yunet or a YOLO .onnx file)"),
                e.getMessage());
    }

    @Test
    void autoWithoutAGpuRunsYoloOnTheCpu(@TempDir Path root) {
        Path yolo = TestImages.sharedOrSkip("models/yolov5n-0.5-face.onnx");
        InferenceConfig auto = withDevice(YoloConfigs.cpu(yolo, CpuRuntime.ONNXRUNTIME, TilingMode.OFF), Device.AUTO);
        try (FaceDetector detector = FaceDetectors.open(auto, GpuEnvironments.under(root, false))) {
            assertTrue(detector.describe().endsWith("on onnxruntime cpu"), detector.describe());
            assertFalse(detector.onGpu());
            assertEquals(Placement.cpu("onnxruntime"), detector.placement());
        }
    }

    @Test
    void autoWithoutAGpuRunsYuNetOnTheCpuRuntimeItNames(@TempDir Path root) {
        InferenceConfig opencv = new InferenceConfig(BuiltinModel.YUNET.modelName(), 0.3, 0.45, 640, YoloFormat.AUTO,
                Device.AUTO, CpuRuntime.OPENCV, Precision.FP16, root, Tiling.off(), 4, Optional.empty(), List.of(1.0), 0);
        try (FaceDetector detector = FaceDetectors.open(opencv, GpuEnvironments.under(root, false))) {
            assertEquals(Placement.cpu("opencv-dnn"), detector.placement());
            assertEquals("opencv-dnn on cpu", detector.placement().label());
        }
    }

    @Test
    void aGpuWhoseLibrariesAreMissingIsPassedOverForTheCpuWithAutoAndRefusedWithCuda(@TempDir Path root)
            throws IOException {
        // A device node and the driver, but neither TensorRT nor cuDNN: both GPU runtimes say what they miss.
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/nvidia0"));
        Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createFile(root.resolve("usr/lib/x86_64-linux-gnu/libcuda.so.1"));
        Files.createFile(root.resolve("usr/lib/x86_64-linux-gnu/libcudart.so.13"));

        try (FaceDetector detector = FaceDetectors.open(InferenceConfig.defaults(), GpuEnvironments.under(root, true))) {
            assertEquals(Placement.cpu("onnxruntime"), detector.placement());
        }
        ConfigException e = assertThrows(ConfigException.class, () -> FaceDetectors.open(
                withDevice(InferenceConfig.defaults(), Device.CUDA), GpuEnvironments.under(root, true)));
        assertTrue(e.getMessage().contains("tensorrt: no libcublasLt.so.13, libcublas.so.13, libcudnn.so.9,"
                + " libnvrtc.so.13, libnvinfer.so.10, libnvonnxparser.so.10 in ["), e.getMessage());
        assertTrue(e.getMessage().contains("opencv-cuda: no libcublasLt.so.13, libcublas.so.13, libcudnn.so.9 in ["),
                e.getMessage());
    }

    private static InferenceConfig withDevice(InferenceConfig c, Device device) {
        return new InferenceConfig(c.model(), c.confidence(), c.nmsIou(), c.inputSize(), c.yoloFormat(), device,
                c.cpuRuntime(), c.precision(), c.engineCache(), c.tiling(), c.batchSize(), c.batchWait(), c.yunetScales(), c.cpuThreads());
    }
}
