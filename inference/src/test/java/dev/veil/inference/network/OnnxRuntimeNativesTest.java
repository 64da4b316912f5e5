package dev.veil.inference.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeNativesTest {

    private static final Optional<String> LINUX_X64 = Optional.of("linux-x64");
    private static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");

    @TempDir
    Path cache;

    @Test
    void theJarsLibrariesAreUnpackedOnceIntoADirectoryNamedByTheirChecksums() throws Exception {
        Path dir = OnnxRuntimeNatives.unpacked(cache, LINUX_X64).orElseThrow();

        assertEquals(cache, dir.getParent());
        assertEquals("onnxruntime-linux-x64-" + String.format("%08x", crc(jarBytes(LIBRARIES.get(0)))) + "-"
                + String.format("%08x", crc(jarBytes(LIBRARIES.get(1)))), dir.getFileName().toString());
        for (String library : LIBRARIES) {
            assertTrue(java.util.Arrays.equals(jarBytes(library), Files.readAllBytes(dir.resolve(library))), library);
        }
        assertEquals(List.of(dir), children(cache), "nothing but the published directory is left in the cache");

        Object before = Files.readAttributes(dir.resolve(LIBRARIES.get(0)), "unix:ino").get("ino");
        assertEquals(Optional.of(dir), OnnxRuntimeNatives.unpacked(cache, LINUX_X64));
        assertEquals(before, Files.readAttributes(dir.resolve(LIBRARIES.get(0)), "unix:ino").get("ino"),
                "the second start uses the first one's copy instead of writing another");
    }

    @Test
    void aDamagedCopyIsNotLoadedAndStaysForTheUserToDelete() throws Exception {
        Path dir = OnnxRuntimeNatives.unpacked(cache, LINUX_X64).orElseThrow();
        try (FileChannel library = FileChannel.open(dir.resolve(LIBRARIES.get(0)), StandardOpenOption.WRITE)) {
            library.truncate(1024);
        }

        assertEquals(Optional.empty(), OnnxRuntimeNatives.unpacked(cache, LINUX_X64));
        assertEquals(1024, Files.size(dir.resolve(LIBRARIES.get(0))));
    }

    @Test
    void concurrentStartsAgreeOnOneCopyAndLeaveNoHalfWrittenOne() throws Exception {
        int starts = 4;
        ExecutorService pool = Executors.newFixedThreadPool(starts);
        try {
            List<Future<Optional<Path>>> results = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                Callable<Optional<Path>> start = () -> OnnxRuntimeNatives.unpacked(cache, LINUX_X64);
                results.add(pool.submit(start));
            }
            Path first = results.get(0).get(120, TimeUnit.SECONDS).orElseThrow();
            for (Future<Optional<Path>> result : results) {
                assertEquals(Optional.of(first), result.get(120, TimeUnit.SECONDS));
            }
            assertEquals(List.of(first), children(cache));
            for (String library : LIBRARIES) {
                assertEquals(jarBytes(library).length, Files.size(first.resolve(library)), library);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCacheThatCannotBeWrittenLeavesOnnxRuntimeToItsOwnWay() throws Exception {
        Path notADirectory = Files.writeString(cache.resolve("file"), "x");

        assertEquals(Optional.empty(), OnnxRuntimeNatives.unpacked(notADirectory, LINUX_X64));
        assertEquals(Optional.empty(), OnnxRuntimeNatives.unpacked(notADirectory.resolve("below"), LINUX_X64));
    }

    @Test
    void onlyPlatformsTheJarHasLibrariesForAreUnpacked() throws Exception {
        assertEquals(LINUX_X64, OnnxRuntimeNatives.platform("Linux", "amd64"));
        assertEquals(LINUX_X64, OnnxRuntimeNatives.platform("Linux", "x86_64"));
        assertEquals(Optional.of("linux-aarch64"), OnnxRuntimeNatives.platform("Linux", "aarch64"));
        assertEquals(Optional.empty(), OnnxRuntimeNatives.platform("Mac OS X", "aarch64"));
        assertEquals(Optional.empty(), OnnxRuntimeNatives.platform("Linux", "riscv64"));

        assertEquals(Optional.empty(), OnnxRuntimeNatives.unpacked(cache, Optional.empty()));
        assertEquals(Optional.empty(), OnnxRuntimeNatives.unpacked(cache, Optional.of("linux-sparc")));
        assertEquals(List.of(), children(cache));
    }

    /**
     * The leak this class exists for, in real JVMs: ONNX Runtime started and then killed (SIGKILL) leaves nothing but
     * at most an empty directory in the temporary directory, and an orderly exit leaves nothing at all. Before, the
     * kill left its 28 MB library there and the orderly exit an empty directory.
     */
    @Test
    void aStartedProcessLeavesNoLibraryInTheTemporaryDirectoryWhetherItExitsOrIsKilled(@TempDir Path tmp)
            throws Exception {
        Path javacpp = cache.resolve("javacpp");

        Process killed = start(tmp, javacpp, "wait");
        String killedReady;
        try {
            killedReady = readyLine(killed);
        } finally {
            killed.destroyForcibly();
            assertTrue(killed.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), filesBelow(tmp), "no library left by the killed process");
        assertEquals("ready " + children(javacpp).get(0), killedReady);

        Process orderly = start(tmp, javacpp, "exit");
        String ready = readyLine(orderly);
        assertTrue(orderly.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, orderly.exitValue());
        assertEquals(1, children(javacpp).size(), "both processes used one copy: " + children(javacpp));
        assertEquals("ready " + children(javacpp).get(0), ready);
        assertEquals(List.of(), filesBelow(tmp));
        assertEquals(1, children(tmp).size(),
                "the killed process's empty directory only; the orderly exit removed its own: " + children(tmp));
    }

    private static Process start(Path tmp, Path javacpp, String then) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-Dorg.bytedeco.javacpp.cachedir=" + javacpp,
                "-cp", System.getProperty("java.class.path"), OnnxRuntimeStart.class.getName(), then)
                .redirectErrorStream(true).start();
    }

    private static String readyLine(Process process) throws IOException {
        BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("ready ")) {
                return line;
            }
            seen.add(line);
        }
        throw new AssertionError("the process ended without starting ONNX Runtime: " + seen);
    }

    private static List<Path> filesBelow(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.sorted().toList();
        }
    }

    private static byte[] jarBytes(String library) throws IOException {
        try (InputStream in = OrtEnvironment.class.getResourceAsStream("/ai/onnxruntime/native/linux-x64/" + library)) {
            return in.readAllBytes();
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /** Starts ONNX Runtime the way the detectors do, says where its libraries came from, then waits or exits. */
    static final class OnnxRuntimeStart {

        public static void main(String[] args) throws Exception {
            OnnxRuntimeEnvironment.get();
            System.out.println("ready " + System.getProperty(OnnxRuntimeNatives.PATH_PROPERTY));
            System.out.flush();
            if (args[0].equals("wait")) {
                Thread.sleep(120_000);
            }
        }
    }
}
