package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PositionStoreTest {

    @TempDir
    Path dir;

    @Test
    void positionsSurviveASaveAndALoad() throws Exception {
        PositionStore store = new PositionStore(dir.resolve("positions.properties"));
        assertTrue(store.load().isEmpty(), "no file yet: every stream starts at its beginning");
        Map<String, FilePosition> positions = Map.of(
                "lobby", new FilePosition(31, "/videos/lobby/2024-01-01 08:00=cam.mp4", 12, 4_000_000),
                "gate.2", new FilePosition(7, "file:///videos/gate.ts", 7, 0));
        store.save(positions);
        assertEquals(positions, new PositionStore(dir.resolve("positions.properties")).load());
    }

    @Test
    void aSaveReplacesTheFileWholeAndLeavesNoTemporaryFileBehind() throws Exception {
        Path file = dir.resolve("positions.properties");
        PositionStore store = new PositionStore(file);
        store.save(Map.of("a", new FilePosition(1, "/v/a.mp4", 1, 0)));
        store.save(Map.of("a", new FilePosition(2, "/v/a.mp4", 2, 0)));
        assertEquals(Map.of("a", new FilePosition(2, "/v/a.mp4", 2, 0)), store.load());
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "only the positions file");
        }
        byte[] first = Files.readAllBytes(file);
        store.save(Map.of("a", new FilePosition(2, "/v/a.mp4", 2, 0)));
        assertArrayEquals(first, Files.readAllBytes(file), "no date line: equal positions write equal bytes");
    }

    @Test
    void aDamagedFileIsAnErrorNotAPosition() throws Exception {
        Path file = Files.writeString(dir.resolve("positions.properties"), "lobby.next_sequence=abc\n");
        assertThrows(IOException.class, () -> new PositionStore(file).load());
        Files.writeString(file, "lobby.next_sequence=5\n");
        IOException missing = assertThrows(IOException.class, () -> new PositionStore(file).load());
        assertTrue(missing.getMessage().contains("lobby.file"), missing.getMessage());
    }
}
