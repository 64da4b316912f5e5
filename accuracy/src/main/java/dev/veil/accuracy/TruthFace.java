package dev.veil.accuracy;

import java.util.Objects;

/** One reviewed face of a photo: its box in the photo's pixels and where it came from. */
public record TruthFace(Box box, FaceSource source) {

    public TruthFace {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(source, "source");
    }
}
