package dev.veil.accuracy;

import dev.veil.inference.Device;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.InferenceConfig;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.detect.Tiling;
import dev.veil.inference.detect.TilingMode;
import dev.veil.inference.gpu.Precision;
import dev.veil.inference.network.CpuRuntime;
import dev.veil.inference.yolo.YoloFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reference B of the ground truth: YOLOv5n-0.5-face (GPL, test data only, never in the repository) through Veil's
 * own YOLO detector, searching the whole photo and its 640-pixel tiles, so every face is seen at full resolution.
 */
final class YoloReference implements AutoCloseable {

    static final double CONFIDENCE = 0.5;
    static final double NMS = 0.45;
    static final int TILE = 640;
    static final double OVERLAP = 0.2;

    private final FaceDetector detector;

    YoloReference(Path model) {
        detector = FaceDetectors.open(new InferenceConfig(model.toString(), CONFIDENCE, NMS, 640, YoloFormat.AUTO,
                Device.CPU, CpuRuntime.ONNXRUNTIME, Precision.FP16, InferenceConfig.DEFAULT_ENGINE_CACHE,
                new Tiling(TilingMode.ON, TILE, OVERLAP), 4, Optional.empty(), InferenceConfig.DEFAULT_YUNET_SCALES, 0));
    }

    /** Faces of an 8-bit BGR photo, boxes in the photo's own pixels, best score first. */
    List<ScoredBox> detect(Mat photo) {
        List<ScoredBox> out = new ArrayList<>();
        for (Face f : detector.detect(photo)) {
            Box box = Box.ofNormalized(f.xMin(), f.yMin(), f.xMax(), f.yMax(), photo.cols(), photo.rows());
            if (box.area() > 0) {
                out.add(new ScoredBox(box, f.score()));
            }
        }
        out.sort((a, b) -> Double.compare(b.score(), a.score()));
        return out;
    }

    String describe() {
        return "YOLOv5n-0.5-face (yolov5n-0.5-face.onnx, GPL-3.0, test data only) through Veil's YOLO detector on ONNX"
                + " Runtime (CPU): the whole photo and tiles of " + TILE + " px with overlap " + OVERLAP
                + ", confidence >= " + CONFIDENCE + ", NMS " + NMS + " [" + detector.describe() + "]";
    }

    @Override
    public void close() {
        detector.close();
    }
}
