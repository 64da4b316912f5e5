package dev.veil.inference.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shared libraries this process has loaded, from its memory map ({@code /proc/self/maps}): where a library
 * that JavaCPP unpacked or found on the system actually came from, so that the libraries it opens later by name
 * can be looked for beside it.
 */
public final class LoadedLibraries {

    private LoadedLibraries() {
    }

    /** The folder of the first mapping of a file of this name in this process, if it is loaded. */
    public static Optional<Path> folderOf(String fileName) {
        try {
            return folderOf(fileName, Files.readString(Path.of("/proc/self/maps")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** As {@link #folderOf(String)}, from the text of a memory map. */
    static Optional<Path> folderOf(String fileName, String maps) {
        for (String line : maps.split("\n")) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            // The path is the last field and may hold spaces; a deleted file's mapping ends in " (deleted)".
            Path file = Path.of(line.substring(slash).replace(" (deleted)", "").strip());
            if (file.getFileName() != null && file.getFileName().toString().equals(fileName)) {
                return Optional.ofNullable(file.getParent());
            }
        }
        return Optional.empty();
    }
}
