package dev.veil.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The resume positions of a vertex's file streams, in one small properties file on a volume that outlives the
 * pod. Each save writes a temporary file beside it, forces it to disk and renames it over the old one, so a
 * crash at any moment leaves either the old or the new positions, never a torn file.
 */
final class PositionStore {

    private static final String NEXT_SEQUENCE = ".next_sequence";
    private static final String FILE = ".file";
    private static final String NEXT_PICTURE = ".next_picture";
    private static final String PTS_BASE = ".pts_base_micros";

    private final Path file;

    PositionStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The stored positions by stream id; empty when there is no file yet. */
    Map<String, FilePosition> load() throws IOException {
        Map<String, FilePosition> positions = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return positions;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        for (String key : p.stringPropertyNames()) {
            if (!key.endsWith(NEXT_SEQUENCE)) {
                continue;
            }
            String stream = key.substring(0, key.length() - NEXT_SEQUENCE.length());
            try {
                positions.put(stream, new FilePosition(
                        Long.parseLong(p.getProperty(key)),
                        require(p, stream + FILE),
                        Long.parseLong(require(p, stream + NEXT_PICTURE)),
                        Long.parseLong(require(p, stream + PTS_BASE))));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": position of stream " + stream + " is not a number: " + e.getMessage());
            }
        }
        return positions;
    }

    /** Replaces the stored positions with these, atomically. */
    synchronized void save(Map<String, FilePosition> positions) throws IOException {
        StringBuilder text = new StringBuilder("# Veil source: where each file stream resumes; written after acknowledgements\n");
        Properties p = new Properties();
        for (Map.Entry<String, FilePosition> e : new TreeMap<>(positions).entrySet()) {
            FilePosition at = e.getValue();
            p.setProperty(e.getKey() + NEXT_SEQUENCE, Long.toString(at.nextSequence()));
            p.setProperty(e.getKey() + FILE, at.file());
            p.setProperty(e.getKey() + NEXT_PICTURE, Long.toString(at.nextPicture()));
            p.setProperty(e.getKey() + PTS_BASE, Long.toString(at.ptsBaseMicros()));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        p.store(body, null);
        // Properties.store writes a date line first; drop it so an unchanged position writes the same bytes.
        String stored = body.toString(StandardCharsets.ISO_8859_1).replaceFirst("^#[^\\n]*\\n", "");
        text.append(stored);
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private String require(Properties p, String key) throws IOException {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IOException(file + " has no " + key);
        }
        return value;
    }
}
