package dev.veil.accuracy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the set's photos were found, and which were not: {@code missing} names the photos no folder has,
 * {@code different} the photos that a folder has under that name but with other content (another SHA-256), which
 * are never scored against this truth.
 */
public record LocatedSet(List<LocatedPhoto> photos, List<String> missing, List<Mismatch> different) {

    /** A file that has a photo's name but not its content. */
    public record Mismatch(String fileName, Path file, String expectedSha256, String actualSha256) {
    }

    public LocatedSet {
        photos = List.copyOf(photos);
        missing = List.copyOf(missing);
        different = List.copyOf(different);
    }

    /** Whether every photo of the set was found with its exact content. */
    public boolean complete() {
        return missing.isEmpty() && different.isEmpty();
    }

    /** One line per photo not found or different, e.g. for a report's footnote; empty when complete. */
    public List<String> problems() {
        List<String> lines = new ArrayList<>();
        for (String name : missing) {
            lines.add(name + ": not found");
        }
        for (Mismatch m : different) {
            lines.add(m.fileName() + ": " + m.file() + " is another picture (SHA-256 " + m.actualSha256()
                    + ", the truth is for " + m.expectedSha256() + ")");
        }
        return lines;
    }

    /**
     * The photos, when all were found.
     *
     * @throws IllegalStateException naming each photo missing or different
     */
    public List<LocatedPhoto> requireComplete() {
        if (!complete()) {
            throw new IllegalStateException("the accuracy set is incomplete: " + String.join("; ", problems()));
        }
        return photos;
    }
}
