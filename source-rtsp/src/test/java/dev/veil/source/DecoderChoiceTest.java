package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When NVDEC decodes and when the CPU does; and how a GPU is recognised from the files a container has. */
class DecoderChoiceTest {

    private static final CudaDevices GPU = new CudaDevices(true, true, true);
    private static final Set<String> FFMPEG_DECODERS = Set.of("h264", "h264_cuvid", "hevc_cuvid", "mpeg4");

    @TempDir
    Path root;

    private static DecoderChoice choose(DecoderSetting setting, CudaDevices cuda, String codec) {
        return DecoderChoice.choose(setting, cuda, codec, FFMPEG_DECODERS::contains);
    }

    @Test
    void h264GoesToNvdecWhenAGpuIsVisibleAndTheSettingAllows() {
        assertEquals("h264_cuvid", choose(DecoderSetting.AUTO, GPU, "h264").nvdecDecoder());
        assertEquals("h264_cuvid", choose(DecoderSetting.NVDEC, GPU, "h264").nvdecDecoder());
        assertEquals("hevc_cuvid", choose(DecoderSetting.AUTO, GPU, "hevc").nvdecDecoder());
    }

    @Test
    void theCpuDecodesWhenAskedOrWhenNvdecCannot() {
        DecoderChoice asked = choose(DecoderSetting.CPU, GPU, "h264");
        assertFalse(asked.usesNvdec());
        assertEquals("VEIL_DECODER=cpu", asked.reason());

        DecoderChoice noGpu = choose(DecoderSetting.AUTO, new CudaDevices(false, true, true), "h264");
        assertNull(noGpu.nvdecDecoder());
        assertEquals("no CUDA device visible (no /dev/nvidiaN device)", noGpu.reason());

        DecoderChoice noVideoLibrary = choose(DecoderSetting.AUTO, new CudaDevices(true, true, false), "h264");
        assertEquals("no CUDA device visible (no libnvcuvid.so.1)", noVideoLibrary.reason());

        DecoderChoice notInThisFfmpeg = choose(DecoderSetting.AUTO, GPU, "mpeg4");
        assertNull(notInThisFfmpeg.nvdecDecoder(), "mpeg4_cuvid is not among this build's decoders");
        assertEquals("FFmpeg has no NVDEC decoder for mpeg4", notInThisFfmpeg.reason());

        assertNull(choose(DecoderSetting.AUTO, GPU, "prores").nvdecDecoder(), "NVDEC has no ProRes");
    }

    @Test
    void aGpuIsRecognisedByItsDeviceNodeAndDriverLibraries() throws Exception {
        assertEquals(new CudaDevices(false, false, false), CudaDevices.probe(root, null));

        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/nvidiactl")); // present without any GPU: not a device
        assertFalse(CudaDevices.probe(root, null).deviceNode());
        Files.createFile(root.resolve("dev/nvidia0"));
        assertTrue(CudaDevices.probe(root, null).deviceNode());

        Path libs = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createFile(libs.resolve("libcuda.so.1"));
        CudaDevices noVideo = CudaDevices.probe(root, null);
        assertTrue(noVideo.driverLibrary());
        assertFalse(noVideo.visible(), "without libnvcuvid the container lacks the video capability");

        Path mounted = Files.createDirectories(root.resolve("opt/driver"));
        Files.createFile(mounted.resolve("libnvcuvid.so.1"));
        assertFalse(CudaDevices.probe(root, null).visible());
        assertTrue(CudaDevices.probe(root, "/opt/driver:").visible(), "LD_LIBRARY_PATH is searched too");
    }
}
