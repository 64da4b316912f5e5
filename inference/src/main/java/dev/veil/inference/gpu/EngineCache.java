package dev.veil.inference.gpu;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialized TensorRT engines on a volume, so that a restart on the same GPU loads its engine in seconds instead
 * of building it for minutes. One file per {@link EngineCacheKey}:
 *
 * <pre>
 * "VEILTRT1" | key length (int) | key ({@link EngineCacheKey#canonical()}, UTF-8) | engine length (long)
 *            | SHA-256 of the engine (32 bytes) | engine
 * </pre>
 *
 * <p>An entry is trusted only when its header names exactly the key asked for and the engine's checksum holds: a
 * truncated, corrupt or foreign file (another key under this name, another program's file) is reported, removed
 * and rebuilt, never deserialized (TensorRT would crash or run garbage). Writers write a temporary file in the
 * same folder and rename it over the entry in one step, so pods building the same engine at once never leave or
 * read a half-written entry: a reader sees the old file or the new one, whole.
 */
public final class EngineCache {

    private static final Logger log = LoggerFactory.getLogger(EngineCache.class);
    private static final byte[] MAGIC = "VEILTRT1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_KEY_BYTES = 1 << 16;

    private final Path dir;

    public EngineCache(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Where the entry of this key is (whether or not it exists). */
    public Path entry(EngineCacheKey key) {
        return dir.resolve(key.fileName());
    }

    /**
     * The engine stored under this key, when there is one and it checks out. A present but invalid entry is
     * logged and deleted (so that the rebuilt engine replaces it), and the answer is empty.
     */
    public Optional<byte[]> load(EngineCacheKey key) {
        Path file = entry(key);
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            byte[] engine = read(in, key);
            return Optional.of(engine);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (InvalidEntry e) {
            log.atWarn().addKeyValue("file", file).addKeyValue("reason", e.getMessage())
                    .log("engine cache entry refused, the engine will be rebuilt");
            deleteQuietly(file);
            return Optional.empty();
        } catch (IOException e) {
            log.atWarn().addKeyValue("file", file).addKeyValue("reason", e.toString())
                    .log("engine cache entry unreadable, the engine will be rebuilt");
            return Optional.empty();
        }
    }

    /**
     * The engine of this key, ready to run: the cached entry when there is one that checks out and that {@code load}
     * accepts, else one {@code build} makes (minutes: TensorRT times kernels), stored for the next start, then loaded.
     * An entry {@code load} refuses (TensorRT cannot deserialize it) is deleted and built again.
     *
     * @param build makes the serialized engine
     * @param load  turns serialized bytes into the engine, or empty when TensorRT refuses them
     * @throws GpuFailure when the engine just built is refused too
     */
    public <T> T getOrBuild(EngineCacheKey key, Supplier<byte[]> build, Function<byte[], Optional<T>> load) {
        Optional<byte[]> cached = load(key);
        if (cached.isPresent()) {
            Optional<T> engine = load.apply(cached.get());
            if (engine.isPresent()) {
                log.atInfo().addKeyValue("file", entry(key)).log("TensorRT engine loaded from the cache");
                return engine.get();
            }
            log.atWarn().addKeyValue("file", entry(key)).log("TensorRT refused the cached engine, building it again");
            deleteQuietly(entry(key));
        }
        long start = System.nanoTime();
        byte[] built = build.get();
        log.atInfo().addKeyValue("key", key.canonical().replace('\n', ' '))
                .addKeyValue("seconds", (System.nanoTime() - start) / 1e9).log("TensorRT engine built");
        store(key, built);
        return load.apply(built).orElseThrow(() -> new GpuFailure("TensorRT could not load the engine it just built"));
    }

    /**
     * Stores an engine under its key: written to a temporary file beside the entry, flushed to disk, then renamed
     * over the entry in one step. A cache that cannot be written (read-only or full volume) costs a rebuild at the
     * next start, not this one: the failure is logged and {@code false} returned.
     */
    public boolean store(EngineCacheKey key, byte[] engine) {
        Path target = entry(key);
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + key.fileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream raw = Channels.newOutputStream(channel);
                 DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw))) {
                write(out, key, engine);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same folder, so only an odd file system gets here; a plain replace is the best it offers.
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException e) {
            log.atWarn().addKeyValue("dir", dir).addKeyValue("reason", e.toString())
                    .log("engine not cached, the next start builds it again");
            if (temp != null) {
                deleteQuietly(temp);
            }
            return false;
        }
    }

    static void write(DataOutputStream out, EngineCacheKey key, byte[] engine) throws IOException {
        byte[] keyBytes = key.canonical().getBytes(StandardCharsets.UTF_8);
        out.write(MAGIC);
        out.writeInt(keyBytes.length);
        out.write(keyBytes);
        out.writeLong(engine.length);
        out.write(sha256(engine));
        out.write(engine);
    }

    static byte[] read(DataInputStream in, EngineCacheKey key) throws IOException {
        try {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new InvalidEntry("not a Veil engine cache entry (no VEILTRT1 header)");
            }
            int keyLength = in.readInt();
            if (keyLength < 0 || keyLength > MAX_KEY_BYTES) {
                throw new InvalidEntry("header has a key of " + keyLength + " bytes");
            }
            String stored = new String(readExactly(in, keyLength), StandardCharsets.UTF_8);
            if (!stored.equals(key.canonical())) {
                throw new InvalidEntry("entry was built for another key: " + stored.replace('\n', ' '));
            }
            long length = in.readLong();
            if (length < 0 || length > Integer.MAX_VALUE - 16) {
                throw new InvalidEntry("header gives an engine of " + length + " bytes");
            }
            byte[] checksum = readExactly(in, 32);
            byte[] engine = readExactly(in, (int) length);
            if (in.read() != -1) {
                throw new InvalidEntry("entry is longer than its header says");
            }
            if (!MessageDigest.isEqual(checksum, sha256(engine))) {
                throw new InvalidEntry("engine bytes do not match their checksum");
            }
            return engine;
        } catch (EOFException e) {
            throw new InvalidEntry("entry is truncated");
        }
    }

    private static byte[] readExactly(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.atWarn().addKeyValue("file", file).addKeyValue("reason", e.toString()).log("could not delete");
        }
    }

    /** An entry that exists but must not be used. */
    static final class InvalidEntry extends IOException {
        InvalidEntry(String message) {
            super(message);
        }
    }
}
