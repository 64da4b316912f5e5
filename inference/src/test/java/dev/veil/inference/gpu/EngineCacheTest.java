package dev.veil.inference.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serialized-engine cache: what it trusts, what it refuses, and concurrent writers on one folder. */
class EngineCacheTest {

    private static final EngineCacheKey KEY = EngineCacheKeyTest.T4;

    @TempDir
    Path dir;

    @Test
    void anEngineStoredIsLoadedBackExactly() {
        EngineCache cache = new EngineCache(dir.resolve("engines"));
        byte[] engine = EngineCacheWriter.engine(1, 2);

        assertEquals(Optional.empty(), cache.load(KEY));
        assertTrue(cache.store(KEY, engine));

        assertArrayEquals(engine, cache.load(KEY).orElseThrow());
        assertEquals(List.of(KEY.fileName()), files());
    }

    @Test
    void anotherKeyDoesNotSeeTheEntry() {
        EngineCache cache = new EngineCache(dir);
        cache.store(KEY, new byte[]{1, 2, 3});
        EngineCacheKey a100 = new EngineCacheKey("ab12", "NVIDIA A100-SXM4-80GB", "8.0", "10.15.1", Precision.FP16,
                "1..4x3x640x640");
        assertEquals(Optional.empty(), cache.load(a100));
    }

    @Test
    void aCorruptEntryIsRefusedAndRemoved() throws IOException {
        EngineCache cache = new EngineCache(dir);
        cache.store(KEY, EngineCacheWriter.engine(0, 0));
        Path entry = cache.entry(KEY);
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length - 100] ^= 0x40; // one bit of the engine
        Files.write(entry, bytes);

        assertEquals(Optional.empty(), cache.load(KEY));
        assertFalse(Files.exists(entry), "a refused entry is removed so that the rebuilt engine replaces it");
    }

    @Test
    void aTruncatedEntryIsRefused() throws IOException {
        EngineCache cache = new EngineCache(dir);
        cache.store(KEY, EngineCacheWriter.engine(0, 0));
        byte[] bytes = Files.readAllBytes(cache.entry(KEY));
        Files.write(cache.entry(KEY), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertEquals(Optional.empty(), cache.load(KEY));
    }

    @Test
    void anEntryOfAnotherKeyUnderThisNameIsRefused() throws IOException {
        EngineCache cache = new EngineCache(dir);
        EngineCacheKey other = new EngineCacheKey("ffff", "Tesla T4", "7.5", "10.15.1", Precision.FP16, "1..4x3x640x640");
        cache.store(other, EngineCacheWriter.engine(0, 0));
        Files.move(cache.entry(other), cache.entry(KEY));

        assertEquals(Optional.empty(), cache.load(KEY));
        assertFalse(Files.exists(cache.entry(KEY)));
    }

    @Test
    void aFileThatIsNoEntryAtAllIsRefused() throws IOException {
        EngineCache cache = new EngineCache(dir);
        Files.write(cache.entry(KEY), "a bare TensorRT plan, or anything else".getBytes());
        assertEquals(Optional.empty(), cache.load(KEY));
        Files.write(cache.entry(KEY), new byte[0]);
        assertEquals(Optional.empty(), cache.load(KEY));
    }

    @Test
    void anUnwritableCacheCostsOnlyTheCache() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        EngineCache cache = new EngineCache(file);
        assertFalse(cache.store(KEY, new byte[]{1}));
        assertEquals(Optional.empty(), cache.load(KEY));
    }

    @Test
    void threadsWritingAndReadingAtOnceNeverSeeAHalfWrittenEntry() throws Exception {
        EngineCache cache = new EngineCache(dir);
        int writers = 4;
        int rounds = 15;
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> bad = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                tasks.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        assertTrue(cache.store(KEY, EngineCacheWriter.engine(writer, r)));
                    }
                }));
            }
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> readUntil(cache, writing, writers, rounds, bad)));
            }
            for (Future<?> t : tasks) {
                t.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            int loaded = 0;
            for (Future<Integer> r : readers) {
                loaded += r.get(120, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), bad);
            assertTrue(loaded > 0, "the readers never found an entry");
        } finally {
            pool.shutdownNow();
        }
        assertNotNull(EngineCacheWriter.origin(cache.load(KEY).orElseThrow(), writers, rounds));
        assertEquals(List.of(KEY.fileName()), files(), "no temporary file left behind");
    }

    @Test
    void processesWritingAtOnceNeverCorruptTheEntry() throws Exception {
        EngineCache cache = new EngineCache(dir);
        int writers = 3;
        int rounds = 12;
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            processes.add(new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    EngineCacheWriter.class.getName(), dir.toString(), String.valueOf(w), String.valueOf(rounds))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> bad = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread stopper = new Thread(() -> {
            for (Process p : processes) {
                try {
                    p.waitFor(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            writing.set(false);
        });
        stopper.start();
        readUntil(cache, writing, writers, rounds, bad);
        stopper.join();
        for (Process p : processes) {
            assertEquals(0, p.exitValue(), "a writer failed to store");
        }
        assertEquals(List.of(), bad);
        int[] last = EngineCacheWriter.origin(cache.load(KEY).orElseThrow(), writers, rounds);
        assertNotNull(last);
        assertEquals(rounds - 1, last[1], "the entry left is some writer's last engine");
        assertEquals(List.of(KEY.fileName()), files(), "no temporary file left behind");
    }

    /**
     * Reads the entry's file as it is on disk until the writers are done (not through {@link EngineCache#load}, which
     * would quietly refuse and delete a half-written file): every file seen must be a whole, valid entry holding one
     * writer's engine.
     */
    private static int readUntil(EngineCache cache, AtomicBoolean writing, int writers, int rounds, List<String> bad) {
        int loaded = 0;
        while (writing.get()) {
            byte[] raw;
            try {
                raw = Files.readAllBytes(cache.entry(KEY));
            } catch (java.nio.file.NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                bad.add(e.toString());
                continue;
            }
            try {
                byte[] engine = EngineCache.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(raw)), KEY);
                loaded++;
                if (EngineCacheWriter.origin(engine, writers, rounds) == null) {
                    bad.add("an entry of " + engine.length + " bytes is no writer's engine");
                }
            } catch (IOException e) {
                bad.add("a reader saw an invalid entry: " + e.getMessage());
            }
        }
        return loaded;
    }

    private List<String> files() {
        try (Stream<Path> files = Files.list(dir.resolve(dir.resolve("engines").toFile().exists() ? "engines" : "."))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void getOrBuildBuildsOnceStoresAndLoadsTheCachedEngineAfterwards() {
        EngineCache cache = new EngineCache(dir);
        byte[] engine = EngineCacheWriter.engine(3, 4);
        List<String> calls = new ArrayList<>();

        byte[] first = cache.getOrBuild(KEY, () -> {
            calls.add("build");
            return engine;
        }, bytes -> {
            calls.add("load");
            return Optional.of(bytes);
        });
        byte[] second = cache.getOrBuild(KEY, () -> {
            calls.add("build again");
            return new byte[]{9};
        }, bytes -> {
            calls.add("load");
            return Optional.of(bytes);
        });

        assertArrayEquals(engine, first);
        assertArrayEquals(engine, second);
        assertEquals(List.of("build", "load", "load"), calls, "the second start loads the entry, builds nothing");
    }

    @Test
    void getOrBuildRebuildsAnEntryTheRuntimeRefuses() {
        EngineCache cache = new EngineCache(dir);
        cache.store(KEY, new byte[]{1, 1, 1});
        byte[] rebuilt = EngineCacheWriter.engine(5, 6);

        // TensorRT refuses what another build wrote (here: anything but the rebuilt bytes).
        byte[] engine = cache.getOrBuild(KEY, () -> rebuilt,
                bytes -> bytes.length == rebuilt.length ? Optional.of(bytes) : Optional.empty());

        assertArrayEquals(rebuilt, engine);
        assertArrayEquals(rebuilt, cache.load(KEY).orElseThrow(), "the refused entry was replaced");
    }

    @Test
    void getOrBuildFailsWhenEvenTheFreshBuildIsRefused() {
        EngineCache cache = new EngineCache(dir);
        GpuFailure e = org.junit.jupiter.api.Assertions.assertThrows(GpuFailure.class,
                () -> cache.getOrBuild(KEY, () -> new byte[]{7}, bytes -> Optional.<byte[]>empty()));
        assertEquals("TensorRT could not load the engine it just built", e.getMessage());
    }

    @Test
    void getOrBuildStillAnswersWhenTheCacheCannotBeWritten() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        EngineCache cache = new EngineCache(notAFolder.resolve("engines"));
        byte[] engine = cache.getOrBuild(KEY, () -> new byte[]{4, 2}, Optional::of);
        assertArrayEquals(new byte[]{4, 2}, engine);
    }
}
