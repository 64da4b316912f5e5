package dev.veil.inference.gpu;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a serialized TensorRT engine is only valid for: the exact model, the GPU model and its compute capability,
 * the TensorRT version that built it, the precision and the input shape (with the batch profile). A change of any
 * part (a T4 swapped for an A100, a new image with another TensorRT, another model file) names another entry.
 *
 * @param modelSha256       hex SHA-256 of the ONNX file's bytes
 * @param gpuName           the device's name as CUDA reports it, e.g. {@code Tesla T4}
 * @param computeCapability {@code major.minor}, e.g. {@code 7.5}
 * @param tensorRtVersion   e.g. {@code 10.15.1}
 * @param precision         the precision the engine is built with
 * @param inputShape        the input profile, e.g. {@code 1..4x3x640x640} (batch range, channels, height, width)
 */
public record EngineCacheKey(String modelSha256, String gpuName, String computeCapability, String tensorRtVersion,
                             Precision precision, String inputShape) {

    public EngineCacheKey {
        for (String part : new String[]{modelSha256, gpuName, computeCapability, tensorRtVersion, inputShape}) {
            if (part == null || part.isBlank() || part.contains("\n")) {
                throw new IllegalArgumentException("engine cache key part is empty or has a line break: " + part);
            }
        }
        if (precision == null) {
            throw new IllegalArgumentException("engine cache key without a precision");
        }
    }

    /** Every part, one per line: what an entry's header holds, compared in full when it is read. */
    public String canonical() {
        return "model-sha256=" + modelSha256 + "\ngpu=" + gpuName + "\ncompute-capability=" + computeCapability
                + "\ntensorrt=" + tensorRtVersion + "\nprecision=" + precision.name().toLowerCase(java.util.Locale.ROOT)
                + "\ninput=" + inputShape;
    }

    /** The entry's file name: a digest of {@link #canonical()}, so every part changes it. */
    public String fileName() {
        return "tensorrt-" + sha256(canonical().getBytes(StandardCharsets.UTF_8)).substring(0, 40) + ".engine";
    }

    /** Hex SHA-256 of some bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
