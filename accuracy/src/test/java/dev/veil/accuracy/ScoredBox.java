package dev.veil.accuracy;

/** A reference detector's box in the photo's pixels, with its score. */
record ScoredBox(Box box, double score) {
}
