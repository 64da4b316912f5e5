package dev.veil.accuracy;

import java.nio.file.Path;
import java.util.Objects;

/** A photo of the set found on this machine: its truth and the file whose SHA-256 the truth names. */
public record LocatedPhoto(TruthPhoto truth, Path file) {

    public LocatedPhoto {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(file, "file");
    }
}
