package dev.veil.inference.network;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where ONNX Runtime loads its native libraries from. Left to itself, ONNX Runtime 1.29 copies its 28 MB library
 * out of its jar into a new temporary directory at every start and asks the JVM to delete the copy at exit. An
 * orderly exit leaves the empty directory behind (the JVM tries the directory before the files in it), and a killed
 * process (SIGKILL, the kernel's out-of-memory killer, a container stopped past its grace period) leaves all 28 MB.
 * In a pod that directory is the /tmp emptyDir, which outlives container restarts, so a crash loop fills it.
 *
 * <p>Instead the libraries are unpacked once, into JavaCPP's cache directory beside the natives JavaCPP unpacks
 * there, in a directory named by the jar entries' CRC-32, and ONNX Runtime is pointed at it with its own
 * {@code onnxruntime.native.path}. A directory is only ever published whole (written under a temporary name, its
 * CRCs checked, then renamed), so a killed start leaves at most its temporary directory, and concurrent starts agree
 * on one copy. Where that cannot be done (no jar, no writable cache, a damaged copy), ONNX Runtime is left to its own
 * way, with a warning: a start never fails for this.
 */
final class OnnxRuntimeNatives {

    /** ONNX Runtime's own setting: a directory holding its two libraries. A value set by the user is kept. */
    static final String PATH_PROPERTY = "onnxruntime.native.path";

    private static final Logger log = LoggerFactory.getLogger(OnnxRuntimeNatives.class);
    private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};
    private static final String TEMPORARY_PREFIX = ".onnxruntime-unpacking-";

    private OnnxRuntimeNatives() {
    }

    /**
     * Points ONNX Runtime at the libraries in JavaCPP's cache, unpacking them there first if needed. Call before
     * ONNX Runtime's first class is initialized; does nothing when {@value #PATH_PROPERTY} is already set.
     */
    static void useCache() {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        Path cache;
        try {
            cache = Loader.getCacheDir().toPath();
        } catch (IOException | RuntimeException e) {
            log.atWarn().addKeyValue("reason", e.toString())
                    .log("no JavaCPP cache directory for ONNX Runtime's libraries: ONNX Runtime unpacks a copy of"
                            + " its own");
            return;
        }
        unpacked(cache, platform(System.getProperty("os.name", ""), System.getProperty("os.arch", "")))
                .ifPresent(dir -> System.setProperty(PATH_PROPERTY, dir.toString()));
    }

    /**
     * The directory under {@code cache} holding ONNX Runtime's libraries for {@code platform} (ONNX Runtime's own
     * name for it, such as {@code linux-x64}), unpacked from its jar if they are not there yet; empty when the jar
     * has no libraries for it or they could not be unpacked (the reason is logged).
     */
    static Optional<Path> unpacked(Path cache, Optional<String> platform) {
        if (platform.isEmpty()) {
            return Optional.empty();
        }
        List<Packed> libraries = new ArrayList<>();
        for (String library : LIBRARIES) {
            String resource = "/ai/onnxruntime/native/" + platform.get() + "/" + System.mapLibraryName(library);
            Optional<Packed> packed;
            try {
                packed = Packed.of(OrtEnvironment.class.getResource(resource));
            } catch (IOException e) {
                log.atWarn().addKeyValue("resource", resource).addKeyValue("reason", e.toString())
                        .log("could not read ONNX Runtime's jar: ONNX Runtime unpacks a copy of its own");
                return Optional.empty();
            }
            if (packed.isEmpty()) {
                // Not in a jar (a build of ONNX Runtime's own, or its libraries on java.library.path): its own
                // loader copes.
                return Optional.empty();
            }
            libraries.add(packed.get());
        }
        StringBuilder name = new StringBuilder("onnxruntime-").append(platform.get());
        for (Packed library : libraries) {
            name.append('-').append(String.format(Locale.ROOT, "%08x", library.crc()));
        }
        Path dir = cache.resolve(name.toString());
        try {
            if (!Files.isDirectory(dir)) {
                publish(cache, dir, libraries);
            }
            for (Packed library : libraries) {
                Path file = dir.resolve(library.fileName());
                if (!Files.isRegularFile(file) || Files.size(file) != library.size()) {
                    log.atWarn().addKeyValue("file", file).addKeyValue("expected_bytes", library.size())
                            .log("ONNX Runtime's unpacked library is not the jar's: ONNX Runtime unpacks a copy of its "
                                    + "own; delete the directory to have it unpacked again");
                    return Optional.empty();
                }
            }
            return Optional.of(dir);
        } catch (IOException | UncheckedIOException e) {
            log.atWarn().addKeyValue("dir", dir).addKeyValue("reason", e.toString())
                    .log("could not unpack ONNX Runtime's libraries: ONNX Runtime unpacks a copy of its own");
            return Optional.empty();
        }
    }

    /** ONNX Runtime's name for this platform's libraries in its jar; empty where Veil has no natives. */
    static Optional<String> platform(String osName, String osArch) {
        if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Optional.of("linux-x64");
            case "aarch64" -> Optional.of("linux-aarch64");
            default -> Optional.empty();
        };
    }

    /** Writes the libraries into a temporary directory in {@code cache} and renames it to {@code dir}. */
    private static void publish(Path cache, Path dir, List<Packed> libraries) throws IOException {
        Files.createDirectories(cache);
        Path unpacking = Files.createTempDirectory(cache, TEMPORARY_PREFIX);
        try {
            for (Packed library : libraries) {
                library.copyTo(unpacking.resolve(library.fileName()));
            }
            try {
                Files.move(unpacking, dir, StandardCopyOption.ATOMIC_MOVE);
                log.atInfo().addKeyValue("dir", dir).log("ONNX Runtime's libraries unpacked");
            } catch (IOException e) {
                // Renaming onto a directory fails (ENOTEMPTY, no exception type of its own) when another process
                // published the same libraries first: theirs is used.
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
            }
        } finally {
            deleteIfPresent(unpacking);
        }
    }

    private static void deleteIfPresent(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** One library as its jar holds it: its entry's size and CRC-32, read from the jar's directory. */
    private record Packed(URL url, String fileName, long size, long crc) {

        static Optional<Packed> of(URL url) throws IOException {
            if (url == null) {
                return Optional.empty();
            }
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return Optional.empty();
            }
            JarEntry entry = jar.getJarEntry();
            if (entry == null || entry.getSize() < 0 || entry.getCrc() < 0) {
                return Optional.empty();
            }
            String path = entry.getName();
            String fileName = path.substring(path.lastIndexOf('/') + 1);
            return Optional.of(new Packed(url, fileName, entry.getSize(), entry.getCrc()));
        }

        void copyTo(Path file) throws IOException {
            try (CheckedInputStream in = new CheckedInputStream(url.openStream(), new CRC32())) {
                long copied = Files.copy(in, file);
                if (copied != size || in.getChecksum().getValue() != crc) {
                    throw new IOException("unpacked " + fileName + " (" + copied + " bytes) does not match its jar"
                            + " entry (" + size + " bytes, CRC-32 " + Long.toHexString(crc) + ")");
                }
            }
        }
    }
}
