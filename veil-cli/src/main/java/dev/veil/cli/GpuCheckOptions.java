package dev.veil.cli;

import dev.veil.inference.gpu.Precision;
import dev.veil.run.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The flags of {@code veil gpu-check}.
 *
 * @param cudaLibs   folders to search (and everything below them) for CUDA's, cuBLAS's and cuDNN's libraries, before
 *                   the loader's path, the system folders and the Python environments found
 * @param media      the photos the GPU's faces are compared with the CPU's on ({@code ../shared/media} by default)
 * @param precision  OpenCV CUDA's and TensorRT's arithmetic: fp16 where the GPU is fast at it, as the vertex runs
 * @param clipFrames frames of the 1080p30 clip the inference vertex is timed on
 * @param dryRun     every step with OpenCV's CPU backend in the GPU's place: tries the command (and its bundle) on a
 *                   machine without a GPU, and checks nothing about one
 */
record GpuCheckOptions(List<Path> cudaLibs, Optional<Path> media, Precision precision, int clipFrames, boolean dryRun) {

    static final int DEFAULT_CLIP_FRAMES = 300;

    static final String USAGE = """
            Usage: veil gpu-check [options]

            Checks that Veil's face detection runs on this machine's GPU: finds CUDA's libraries (system folders,
            LD_LIBRARY_PATH, Python environments' nvidia packages, or --cuda-libs), opens the default detector on the
            best GPU runtime, compares its faces on the shared photos with the CPU's (every face matched at
            IoU >= 0.9), times it at batch 1, 4 and 16 on 720p and 1080p frames, and times the whole inference vertex
            on a 1080p30 clip. Exits 0 when the GPU's faces are the CPU's, 1 otherwise or when there is no GPU.

            Options:
              --cuda-libs DIR      also look for CUDA, cuBLAS and cuDNN libraries in DIR and below (repeatable)
              --media DIR          the photos to compare on (default: ../shared/media, or media/ beside the bundle)
              --precision P        fp16 (default: where the GPU is fast at it) or fp32
              --clip-frames N      frames of the 1080p30 clip the vertex is timed on (default 300)
              --dry-run-on-cpu     every step on the CPU in the GPU's place, to try the command or its bundle on a
                                   machine without a GPU; checks nothing about a GPU
              --help               show this help
            """;

    static GpuCheckOptions parse(String... args) throws UsageException {
        List<Path> cudaLibs = new ArrayList<>();
        Optional<Path> media = Optional.empty();
        Precision precision = Precision.FP16;
        int clipFrames = DEFAULT_CLIP_FRAMES;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--dry-run-on-cpu")) {
                dryRun = true;
                continue;
            }
            if (!Set.of("--cuda-libs", "--media", "--precision", "--clip-frames").contains(flag)) {
                throw new UsageException("unknown option " + flag);
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new UsageException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--cuda-libs" -> {
                    if (!Files.isDirectory(Path.of(value))) {
                        throw new UsageException("--cuda-libs " + value + ": no such folder");
                    }
                    cudaLibs.add(Path.of(value));
                }
                case "--media" -> {
                    if (!Files.isDirectory(Path.of(value))) {
                        throw new UsageException("--media " + value + ": no such folder");
                    }
                    media = Optional.of(Path.of(value));
                }
                case "--precision" -> {
                    try {
                        precision = Precision.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--precision " + value + ": give fp16 or fp32");
                    }
                }
                default -> {
                    try {
                        clipFrames = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        clipFrames = -1;
                    }
                    if (clipFrames < 10 || clipFrames > 3000) {
                        throw new UsageException("--clip-frames " + value + ": give a number of frames in 10..3000");
                    }
                }
            }
        }
        return new GpuCheckOptions(List.copyOf(cudaLibs), media, precision, clipFrames, dryRun);
    }
}
