package dev.veil.inference.detect;

/** Where the build puts the models the detectors bundle. */
public final class BundledModels {

    /** Classpath folder of the bundled models. */
    public static final String DIR = "/dev/veil/inference/models/";

    private BundledModels() {
    }
}
