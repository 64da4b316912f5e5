package dev.veil.bench;

import dev.veil.config.SharedSettings;
import dev.veil.frame.v1.Frame;
import dev.veil.resize.FrameResizer;
import dev.veil.resize.ResizeConfig;
import dev.veil.source.FrameSizeLimit;
import dev.veil.source.SourceConfig;
import dev.veil.source.VideoSource;
import dev.veil.stage.MapVertex;
import io.numaproj.numaflow.mapper.MapperTestKit;
import io.numaproj.numaflow.mapper.Message;
import io.numaproj.numaflow.sourcer.Offset;
import io.numaproj.numaflow.sourcer.ReadRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The same work done three ways: decode an H.264 file, scale every picture to fit 1280x720, encode it as a JPEG
 * of quality 90 (FFmpeg's own encoder: the nearest quality, see {@link #FFMPEG_QSCALE}). Veil does it with its
 * source and filter-resize vertices in this process; the references are Debian's {@code ffmpeg} and GStreamer's
 * {@code gst-launch-1.0}, run as programs whose output is counted picture by picture, so all three are seen to
 * make the same number of pictures.
 */
final class ReferenceBench {

    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int JPEG_QUALITY = SharedSettings.JPEG_QUALITY.defaultValue();
    /**
     * FFmpeg's MJPEG encoder has no libjpeg quality: it scales MPEG-style matrices by a quantizer. Quantizer 2 is the
     * finest of its default range; its pictures are about 15% smaller than libjpeg's at quality 90 (so it does a
     * little less work than Veil and GStreamer); quantizer 1 would be a third larger. Bytes per picture are shown.
     */
    static final int FFMPEG_QSCALE = 2;
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);

    /** Who did the work. */
    enum Runner {
        VEIL("Veil source + filter-resize (scaled in the decoder)"),
        VEIL_FULL("Veil, source at full resolution (full-size JPEG, then filter-resize decodes and scales it)"),
        FFMPEG("ffmpeg CLI"),
        GSTREAMER("gst-launch-1.0");

        final String label;

        Runner(String label) {
            this.label = label;
        }
    }

    /**
     * One run.
     *
     * @param seconds    wall time, start to last picture
     * @param cpuSeconds CPU time of the work (the tool's process, or this process for Veil)
     * @param pictures   JPEG pictures made
     * @param jpegBytes  their bytes
     */
    record Run(Runner runner, double seconds, double cpuSeconds, long pictures, long jpegBytes) {
    }

    /** All runs of one runner on one input. */
    record Result(Runner runner, BenchVideos.Clip clip, List<Run> runs) {
        double medianSeconds() {
            return Measured.percentile(runs.stream().mapToDouble(Run::seconds).toArray(), 50);
        }

        double fps() {
            return clip.frames() / medianSeconds();
        }

        double[] roundFps() {
            return runs.stream().mapToDouble(r -> r.pictures() / r.seconds()).toArray();
        }

        double cpuMsPerFrame() {
            return runs.stream().mapToDouble(r -> r.cpuSeconds() * 1000 / Math.max(1, r.pictures())).average().orElse(0);
        }

        long pictures() {
            return runs.stream().mapToLong(Run::pictures).min().orElse(0);
        }

        boolean allPictures() {
            return runs.stream().allMatch(r -> r.pictures() == clip.frames());
        }

        long bytesPerPicture() {
            return runs.isEmpty() ? 0 : runs.get(0).jpegBytes() / Math.max(1, runs.get(0).pictures());
        }
    }

    /** Which tools are installed (each is skipped with a note when it is not). */
    static Optional<String> ffmpegVersion() {
        return version("ffmpeg", "-version");
    }

    static Optional<String> gstVersion() {
        return version("gst-launch-1.0", "--version");
    }

    Run run(Runner runner, BenchVideos.Clip clip, Path logDir) throws IOException, InterruptedException {
        return switch (runner) {
            case VEIL -> veil(clip, true);
            case VEIL_FULL -> veil(clip, false);
            case FFMPEG -> tool(runner, clip, List.of("ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-loglevel",
                    "error", "-threads", "0", "-i", clip.file().toString(), "-vf",
                    "scale=" + WIDTH + ":" + HEIGHT + ":flags=bilinear", "-c:v", "mjpeg", "-qmin", "1", "-q:v",
                    Integer.toString(FFMPEG_QSCALE), "-f", "image2pipe", "pipe:1"), logDir);
            case GSTREAMER -> tool(runner, clip, List.of("gst-launch-1.0", "-q", "filesrc", "location="
                    + clip.file(), "!", "qtdemux", "!", "h264parse", "!", "avdec_h264", "!", "videoscale",
                    "method=bilinear", "!", "video/x-raw,width=" + WIDTH + ",height=" + HEIGHT, "!", "jpegenc",
                    "quality=" + JPEG_QUALITY, "!", "fdsink", "fd=1"), logDir);
        };
    }

    /** Veil's own vertices: the source (decode, scale, JPEG) and filter-resize, joined as {@code veil run} joins them. */
    private Run veil(BenchVideos.Clip clip, boolean scaleInSource) {
        SourceConfig config = new SourceConfig(clip.file().toString(), "bench", SourceConfig.Pacing.AS_FAST_AS_POSSIBLE,
                SourceConfig.AtEnd.STOP, JPEG_QUALITY, SourceConfig.RtspTransport.TCP, SourceConfig.DEFAULT_QUEUE_FRAMES)
                .withMaxFrameSize(scaleInSource ? Optional.of(new FrameSizeLimit(WIDTH, HEIGHT)) : Optional.empty());
        MapVertex resize = new MapVertex(new FrameResizer(new ResizeConfig(WIDTH, HEIGHT, JPEG_QUALITY, false)),
                JPEG_QUALITY);
        ReadRequest request = new ReadRequest() {
            @Override
            public long getCount() {
                return 8;
            }

            @Override
            public Duration getTimeout() {
                return Duration.ofMillis(200);
            }
        };
        long pictures = 0;
        long bytes = 0;
        long cpu0 = ProcessMeter.cpuNanos();
        long t0 = System.nanoTime();
        try (VideoSource source = new VideoSource(config)) {
            source.start();
            while (!source.isExhausted()) {
                List<io.numaproj.numaflow.sourcer.Message> batch = new ArrayList<>();
                source.read(request, batch::add);
                for (io.numaproj.numaflow.sourcer.Message m : batch) {
                    // As Numaflow hands the source's message to the next vertex (the SDK's own datum).
                    MapperTestKit.TestDatum datum = MapperTestKit.TestDatum.builder().value(m.getValue())
                            .eventTime(m.getEventTime()).watermark(m.getEventTime()).build();
                    for (Message out : resize.processMessage(m.getKeys(), datum).getMessages()) {
                        if (out.getTags() == null || !Arrays.asList(out.getTags()).contains(Message.DROP)) {
                            pictures++;
                            bytes += Frame.parseFrom(out.getValue()).getJpeg().size();
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    List<Offset> offsets = batch.stream().map(io.numaproj.numaflow.sourcer.Message::getOffset).toList();
                    source.ack(() -> offsets);
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("filter-resize emitted a message that is not a frame", e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Run(scaleInSource ? Runner.VEIL : Runner.VEIL_FULL, seconds,
                (ProcessMeter.cpuNanos() - cpu0) / 1e9, pictures, bytes);
    }

    private Run tool(Runner runner, BenchVideos.Clip clip, List<String> command, Path logDir)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(runner.name().toLowerCase(java.util.Locale.ROOT) + "-" + clip.height() + "p.log");
        long children0 = ProcessMeter.childrenCpuNanos();
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        JpegStreamCounter.Count count;
        try (InputStream out = new BufferedInputStream(process.getInputStream(), 1 << 20)) {
            count = JpegStreamCounter.count(out);
        }
        if (!process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish within " + TOOL_TIMEOUT);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (process.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed (exit " + process.exitValue() + "): see " + log);
        }
        // The JVM's reaper thread has waited for the child by now, so its CPU time is in this process's cutime.
        long cpu = waitForChildrenCpu(children0);
        return new Run(runner, seconds, cpu / 1e9, count.pictures(), count.bytes());
    }

    private static long waitForChildrenCpu(long before) throws InterruptedException {
        long cpu = ProcessMeter.childrenCpuNanos() - before;
        for (int i = 0; i < 20 && cpu <= 0; i++) {
            Thread.sleep(10);
            cpu = ProcessMeter.childrenCpuNanos() - before;
        }
        return cpu;
    }

    private static Optional<String> version(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("");
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(first.trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
