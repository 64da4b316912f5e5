package dev.veil.inference.gpu;

import static org.bytedeco.tensorrt.global.nvinfer.getInferLibVersion;

import org.bytedeco.tensorrt.global.nvinfer;

/**
 * A TensorRT version. Bytedeco's binding is generated from one release's headers; the library the image carries
 * must be that release (major and minor), or the binding calls into classes whose layout it does not know.
 */
public record TensorRtVersion(int major, int minor, int patch) {

    /** The release Bytedeco's binding was built against (constants of its headers, no native code runs). */
    public static TensorRtVersion binding() {
        return new TensorRtVersion(nvinfer.NV_TENSORRT_MAJOR, nvinfer.NV_TENSORRT_MINOR, nvinfer.NV_TENSORRT_PATCH);
    }

    /** The library loaded in this process (loads TensorRT's natives). */
    public static TensorRtVersion loaded() {
        return decode(getInferLibVersion());
    }

    /** TensorRT 10 encodes its version as major * 10000 + minor * 100 + patch. */
    static TensorRtVersion decode(int encoded) {
        return new TensorRtVersion(encoded / 10000, encoded / 100 % 100, encoded % 100);
    }

    /** Same major and minor: a patch release keeps the binding's classes. */
    public boolean sameRelease(TensorRtVersion other) {
        return major == other.major && minor == other.minor;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
