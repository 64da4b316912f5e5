package dev.veil.inference.gpu;

import org.bytedeco.tensorrt.nvinfer.Dims64;

/** TensorRT's tensor dimensions ({@link Dims64}) to and from plain arrays; -1 is a dimension left free. */
final class TensorRtDims {

    private TensorRtDims() {
    }

    /** New native dimensions; the caller closes them. */
    static Dims64 of(long... dims) {
        Dims64 d = new Dims64();
        d.nbDims(dims.length);
        for (int i = 0; i < dims.length; i++) {
            d.d(i, dims[i]);
        }
        return d;
    }

    static long[] toArray(Dims64 dims) {
        long[] out = new long[dims.nbDims()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.d(i);
        }
        return out;
    }

    /** {@code 1x3x?x?}: free dimensions as {@code ?}. */
    static String describe(long[] dims) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : "x").append(dims[i] < 0 ? "?" : String.valueOf(dims[i]));
        }
        return s.toString();
    }

    /** The product of the dimensions from {@code from} on. */
    static long elements(long[] dims, int from) {
        long n = 1;
        for (int i = from; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }
}
