package dev.veil.inference.opencv;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.gpu.Precision;
import dev.veil.stage.Placement;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_dnn.Net;
import org.junit.jupiter.api.Test;

/**
 * OpenCV's CUDA backend, from the side this machine can check: the CPU build's answer, the precision chosen per GPU,
 * and the layer placement read from a network that really ran (here on the CPU, which must never pass for CUDA).
 */
class OpenCvCudaTest {

    /** YuNet as the detectors bundle it (the test stays below the detector packages, so it names the file). */
    private static final String YUNET = "/dev/veil/inference/models/yunet_n_640_640.onnx";

    @Test
    void theCpuBuildOfOpenCvSaysSoInsteadOfRunningOnTheCpuUnderACudaLabel() {
        // The test classpath carries OpenCV's CPU natives only.
        String why = OpenCvCuda.unavailable(DnnTarget.CUDA_FP16).orElseThrow();
        assertTrue(why.startsWith("the OpenCV natives loaded are its CPU build"), why);
    }

    @Test
    void fp16WhereTheGpuIsFastAtIt() {
        assertEquals(DnnTarget.CUDA_FP16, DnnTarget.cuda(Precision.FP16, 7, 5), "T4");
        assertEquals(DnnTarget.CUDA_FP16, DnnTarget.cuda(Precision.FP16, 9, 0), "H200");
        assertEquals(DnnTarget.CUDA, DnnTarget.cuda(Precision.FP16, 6, 1), "consumer Pascal: slow FP16");
        assertEquals(DnnTarget.CUDA, DnnTarget.cuda(Precision.FP32, 8, 0), "asked for FP32");
        assertEquals("opencv-cuda fp16", DnnTarget.CUDA_FP16.runtime());
    }

    @Test
    void aDumpIsReadAsLayersPerBackendAndTarget() {
        String dump = "digraph G {\n"
                + "\t\"cluster_1\" [label=\"{conv\\nConvolution\\n | relu\\nReLU\\noutput: 1 x 16 x 368 x 640\\l"
                + "CUDA/CUDA_FP16\\n }\" fillcolor=\"#b35151\" style=filled shape=record]\n"
                + "\t\"pool\" [label=\"pool\\nPooling\\noutput: 1 x 16 x 184 x 320\\lCUDA/CUDA_FP16\\n\" shape=box]\n"
                + "\t\"odd\" [label=\"odd\\nCustomLayer\\noutput: 1 x 4\\lOCV/CPU\\n\" shape=box]\n}\n";
        LayerPlacement layers = LayerPlacement.of(dump);
        assertEquals(Map.of("CUDA/CUDA_FP16", 2, "OCV/CPU", 1), layers.layers());
        assertEquals(3, layers.total());
        assertEquals(1, layers.elsewhere("CUDA/CUDA_FP16"));
    }

    @Test
    void aNetworkThatRanOnTheCpuIsAllCpuAndFailsTheCudaCheck() throws IOException {
        byte[] model;
        try (InputStream in = getClass().getResourceAsStream(YUNET)) {
            model = in.readAllBytes();
        }
        try (BytePointer bytes = new BytePointer(model);
             Net net = readNetFromONNX(bytes, model.length);
             Mat blob = new Mat(new int[]{1, 3, 64, 64}, CV_32F);
             MatVector outs = new MatVector()) {
            DnnTarget.CPU.applyTo(net);
            net.setInput(blob);
            net.forward(outs, net.getUnconnectedOutLayersNames());

            assertTrue(LayerPlacement.check(net, DnnTarget.CPU, "yunet").total() > 20);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LayerPlacement.check(net, DnnTarget.CUDA_FP16, "yunet"));
            assertTrue(e.getMessage().startsWith("OpenCV ran yunet on the CPU, not CUDA/CUDA_FP16 (its layers: {OCV/CPU="),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("): its CUDA backend did not start"), e.getMessage());
        }
    }

    @Test
    void placementsNameTheDeviceAndTheRuntime() {
        assertEquals("opencv-cuda fp16 on cuda:0 Tesla T4", Placement.cuda(" Tesla T4 ", "opencv-cuda fp16").label());
        assertEquals("onnxruntime on cpu", Placement.cpu("onnxruntime").label());
        assertTrue(Placement.cpu("onnxruntime").onCpu());
        assertThrows(IllegalArgumentException.class, () -> new Placement("cpu", " "));
    }
}
