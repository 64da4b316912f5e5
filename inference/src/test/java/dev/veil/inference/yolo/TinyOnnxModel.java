package dev.veil.inference.yolo;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes real ONNX files (protobuf bytes of {@code onnx.proto}'s ModelProto, opset 13) of a tiny network whose
 * outputs are known exactly: for an input image batch {@code [N, 3, S, S]}, each output is
 * {@code mean(image) * K + B} with constants {@code K} and {@code B} of the output's shape for one image. With a
 * uniform grey image of level {@code v}, the mean is {@code v / 255}, so a test sets exactly where the "faces" are,
 * and makes them differ from image to image of a batch, to check shape recognition, decoding, batching and the
 * split of outputs per frame end to end through a real runtime.
 */
public final class TinyOnnxModel {

    /** One output: its name, its shape for one image (first dimension 1), and K and B (row-major, that size). */
    public record Output(String name, int[] shape, float[] k, float[] b) {
        public Output {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            if (shape[0] != 1 || k.length != n || b.length != n) {
                throw new IllegalArgumentException("K and B need " + n + " values and the shape must lead with 1");
            }
        }

        static Output constant(String name, int[] shape, float[] b) {
            return new Output(name, shape, new float[b.length], b);
        }
    }

    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTRIBUTE_INTS = 7;
    private static final int ATTRIBUTE_INT = 2;

    private TinyOnnxModel() {
    }

    /**
     * @param batch input batch dimension, or 0 for a dynamic one (named {@code batch})
     * @param side  input height and width
     */
    public static Path write(Path file, int batch, int side, List<Output> outputs) {
        try {
            Files.write(file, model(batch, side, outputs));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] model(int batch, int side, List<Output> outputs) throws IOException {
        List<byte[]> nodes = new ArrayList<>();
        List<byte[]> initializers = new ArrayList<>();
        nodes.add(node("ReduceMean", List.of("images"), List.of("mean"),
                List.of(intsAttribute("axes", 1, 2, 3), intAttribute("keepdims", 1))));
        List<byte[]> outputInfos = new ArrayList<>();
        for (Output o : outputs) {
            int rank = o.shape().length;
            long[] ones = new long[rank];
            java.util.Arrays.fill(ones, 1);
            ones[0] = -1;
            initializers.add(int64Tensor(o.name() + "_shape", new long[]{rank}, ones));
            initializers.add(floatTensor(o.name() + "_k", o.shape(), o.k()));
            initializers.add(floatTensor(o.name() + "_b", o.shape(), o.b()));
            nodes.add(node("Reshape", List.of("mean", o.name() + "_shape"), List.of(o.name() + "_mean"), List.of()));
            nodes.add(node("Mul", List.of(o.name() + "_mean", o.name() + "_k"), List.of(o.name() + "_scaled"), List.of()));
            nodes.add(node("Add", List.of(o.name() + "_scaled", o.name() + "_b"), List.of(o.name()), List.of()));
            long[] dims = new long[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = o.shape()[i];
            }
            dims[0] = batch == 0 ? -1 : batch;
            outputInfos.add(valueInfo(o.name(), dims));
        }
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        CodedOutputStream g = CodedOutputStream.newInstance(graph);
        for (byte[] n : nodes) {
            g.writeByteArray(1, n);
        }
        g.writeString(2, "tiny-yolo");
        for (byte[] t : initializers) {
            g.writeByteArray(5, t);
        }
        g.writeByteArray(11, valueInfo("images", new long[]{batch == 0 ? -1 : batch, 3, side, side}));
        for (byte[] o : outputInfos) {
            g.writeByteArray(12, o);
        }
        g.flush();

        ByteArrayOutputStream opset = new ByteArrayOutputStream();
        CodedOutputStream op = CodedOutputStream.newInstance(opset);
        op.writeString(1, "");
        op.writeInt64(2, 13);
        op.flush();

        ByteArrayOutputStream model = new ByteArrayOutputStream();
        CodedOutputStream m = CodedOutputStream.newInstance(model);
        m.writeInt64(1, 8);
        m.writeString(2, "veil-tests");
        m.writeByteArray(7, graph.toByteArray());
        m.writeByteArray(8, opset.toByteArray());
        m.flush();
        return model.toByteArray();
    }

    private static byte[] node(String op, List<String> inputs, List<String> outputs, List<byte[]> attributes)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (String i : inputs) {
            out.writeString(1, i);
        }
        for (String o : outputs) {
            out.writeString(2, o);
        }
        out.writeString(3, op + "_" + outputs.get(0));
        out.writeString(4, op);
        for (byte[] a : attributes) {
            out.writeByteArray(5, a);
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] intsAttribute(String name, long... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeString(1, name);
        for (long v : values) {
            out.writeInt64(8, v);
        }
        out.writeInt32(20, ATTRIBUTE_INTS);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] intAttribute(String name, long value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeString(1, name);
        out.writeInt64(3, value);
        out.writeInt32(20, ATTRIBUTE_INT);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] floatTensor(String name, int[] dims, float[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (int d : dims) {
            out.writeInt64(1, d);
        }
        out.writeInt32(2, FLOAT);
        out.writeString(8, name);
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        out.writeBytes(9, ByteString.copyFrom(raw.array()));
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] int64Tensor(String name, long[] dims, long[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (long d : dims) {
            out.writeInt64(1, d);
        }
        out.writeInt32(2, INT64);
        out.writeString(8, name);
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(values.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        out.writeBytes(9, ByteString.copyFrom(raw.array()));
        out.flush();
        return bytes.toByteArray();
    }

    /** A float tensor's name and shape; a negative dimension is the dynamic {@code batch}. */
    private static byte[] valueInfo(String name, long[] dims) throws IOException {
        ByteArrayOutputStream shape = new ByteArrayOutputStream();
        CodedOutputStream s = CodedOutputStream.newInstance(shape);
        for (long d : dims) {
            ByteArrayOutputStream dim = new ByteArrayOutputStream();
            CodedOutputStream dm = CodedOutputStream.newInstance(dim);
            if (d < 0) {
                dm.writeString(2, "batch");
            } else {
                dm.writeInt64(1, d);
            }
            dm.flush();
            s.writeByteArray(1, dim.toByteArray());
        }
        s.flush();
        ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
        CodedOutputStream t = CodedOutputStream.newInstance(tensorType);
        t.writeInt32(1, FLOAT);
        t.writeByteArray(2, shape.toByteArray());
        t.flush();
        ByteArrayOutputStream type = new ByteArrayOutputStream();
        CodedOutputStream ty = CodedOutputStream.newInstance(type);
        ty.writeByteArray(1, tensorType.toByteArray());
        ty.flush();
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        CodedOutputStream i = CodedOutputStream.newInstance(info);
        i.writeString(1, name);
        i.writeByteArray(2, type.toByteArray());
        i.flush();
        return info.toByteArray();
    }
}
