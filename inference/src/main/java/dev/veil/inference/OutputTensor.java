package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

/** A network output copied out of native memory: its shape and its values in row-major order. */
record OutputTensor(int[] shape, float[] values) {

    static OutputTensor copyOf(Mat mat) {
        int dims = mat.dims();
        int[] shape = new int[dims];
        for (int d = 0; d < dims; d++) {
            shape[d] = mat.size(d);
        }
        long total = mat.total();
        if (mat.depth() != CV_32F) {
            throw new IllegalStateException("network output " + Arrays.toString(shape) + " is not float32 (depth "
                    + mat.depth() + ")");
        }
        if (!mat.isContinuous() || total > Integer.MAX_VALUE) {
            throw new IllegalStateException("network output " + Arrays.toString(shape) + " is not one block of floats");
        }
        float[] values = new float[(int) total];
        try (FloatPointer data = new FloatPointer(mat.data())) {
            data.capacity(total).get(values);
        }
        return new OutputTensor(shape, values);
    }

    static List<OutputTensor> copyOf(MatVector mats) {
        List<OutputTensor> out = new ArrayList<>((int) mats.size());
        for (long i = 0; i < mats.size(); i++) {
            try (Mat m = mats.get(i)) {
                out.add(copyOf(m));
            }
        }
        return out;
    }

    /** The size of the last dimension (values per row). */
    int lastDim() {
        return shape[shape.length - 1];
    }

    @Override
    public String toString() {
        return Arrays.toString(shape);
    }
}
