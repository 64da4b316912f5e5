package dev.veil.inference.network;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

/**
 * A network output copied out of native memory: its shape and its values in row-major order. The first
 * dimension is the batch: one item per image the network ran on.
 */
public record OutputTensor(int[] shape, float[] values) {

    public OutputTensor {
        long total = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            total *= d;
        }
        if (shape.length == 0 || total != values.length) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " needs " + total
                    + " values, got " + values.length);
        }
    }

    public static OutputTensor copyOf(Mat mat) {
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

    public static List<OutputTensor> copyOf(MatVector mats) {
        List<OutputTensor> out = new ArrayList<>((int) mats.size());
        for (long i = 0; i < mats.size(); i++) {
            try (Mat m = mats.get(i)) {
                out.add(copyOf(m));
            }
        }
        return out;
    }

    /** Images in this tensor: its first dimension. */
    public int batch() {
        return shape[0];
    }

    /** The size of the last dimension (values per row). */
    public int lastDim() {
        return shape[shape.length - 1];
    }

    /** Image {@code index} of the batch, as a batch of one (same rank, first dimension 1). */
    public OutputTensor item(int index) {
        if (index < 0 || index >= batch()) {
            throw new IndexOutOfBoundsException("item " + index + " of a batch of " + batch());
        }
        int per = values.length / batch();
        int[] one = shape.clone();
        one[0] = 1;
        return new OutputTensor(one, Arrays.copyOfRange(values, index * per, (index + 1) * per));
    }

    /** The first {@code count} images of the batch. */
    public OutputTensor first(int count) {
        if (count < 0 || count > batch()) {
            throw new IndexOutOfBoundsException("first " + count + " of a batch of " + batch());
        }
        int[] s = shape.clone();
        s[0] = count;
        return new OutputTensor(s, Arrays.copyOf(values, count * (values.length / batch())));
    }

    /**
     * The outputs of several runs of one network, each run's list in the network's output order: per output, the
     * runs' batches one after the other ({@link #concat}).
     */
    public static List<OutputTensor> concatEach(List<List<OutputTensor>> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to concatenate");
        }
        List<OutputTensor> out = new ArrayList<>(runs.get(0).size());
        for (int o = 0; o < runs.get(0).size(); o++) {
            int index = o;
            out.add(concat(runs.stream().map(run -> run.get(index)).toList()));
        }
        return out;
    }

    /** Batches of the same output, one after the other: the batch of all their images. */
    public static OutputTensor concat(List<OutputTensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        int[] first = parts.get(0).shape;
        int batch = 0;
        int length = 0;
        for (OutputTensor p : parts) {
            if (!Arrays.equals(Arrays.copyOfRange(p.shape, 1, p.shape.length), Arrays.copyOfRange(first, 1, first.length))) {
                throw new IllegalArgumentException("cannot concatenate " + Arrays.toString(first) + " and " + p);
            }
            batch += p.batch();
            length += p.values.length;
        }
        float[] values = new float[length];
        int at = 0;
        for (OutputTensor p : parts) {
            System.arraycopy(p.values, 0, values, at, p.values.length);
            at += p.values.length;
        }
        int[] shape = first.clone();
        shape[0] = batch;
        return new OutputTensor(shape, values);
    }

    @Override
    public String toString() {
        return Arrays.toString(shape);
    }
}
