package dev.veil.inference.gpu;

import static org.bytedeco.tensorrt.global.nvinfer.createInferBuilder;
import static org.bytedeco.tensorrt.global.nvonnxparser.createParser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer.BuilderFlag;
import org.bytedeco.tensorrt.global.nvinfer.MemoryPoolType;
import org.bytedeco.tensorrt.global.nvinfer.OptProfileSelector;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvonnxparser.IParser;

/**
 * An ONNX model built into a serialized TensorRT engine: parsed, given one optimization profile, FP16 where asked
 * and fast. Before anything is built, the builder library for this GPU's architecture must be there
 * ({@link BuilderLibrary}): without it TensorRT fails deep in the build; this says so in one line.
 */
final class EngineBuild {

    /** Scratch memory TensorRT may use while choosing kernels (build time only). */
    private static final long BUILD_WORKSPACE = 1L << 30;

    private EngineBuild() {
    }

    /**
     * @param profileFor the profile for the model's own input dimensions (-1 where free); throws
     *                   {@link IllegalArgumentException} when the model's input is not what the detector feeds
     * @throws IllegalStateException    when this GPU's builder library is missing
     * @throws IllegalArgumentException when TensorRT cannot parse or build the model
     */
    static byte[] build(byte[] modelBytes, String modelName, Function<long[], InputProfile> profileFor,
                        Precision precision, CudaDevice device, TensorRtVersion version) {
        List<Path> folders = new ArrayList<>();
        LoadedLibraries.folderOf("libnvinfer.so." + version.major()).ifPresent(folders::add);
        CudaLibraries.systemFolders(Path.of("/"), System.getenv("LD_LIBRARY_PATH"))
                .forEach(f -> folders.add(f.dir()));
        BuilderLibrary.missing(device.major(), device.minor(), version.toString(), folders).ifPresent(line -> {
            throw new IllegalStateException(line);
        });
        TensorRtLog trtLog = TensorRtLog.shared();
        IBuilder builder = null;
        INetworkDefinition network = null;
        IParser parser = null;
        IBuilderConfig config = null;
        IHostMemory serialized = null;
        try (BytePointer onnx = new BytePointer(modelBytes)) {
            builder = createInferBuilder(trtLog);
            network = builder.createNetworkV2(0);
            parser = createParser(network, trtLog);
            if (!parser.parse(onnx, modelBytes.length)) {
                List<String> errors = new ArrayList<>();
                for (int i = 0; i < parser.getNbErrors(); i++) {
                    errors.add(parser.getError(i).desc());
                }
                throw new IllegalArgumentException("TensorRT cannot parse " + modelName + ": " + errors);
            }
            if (network.getNbInputs() != 1) {
                throw new IllegalArgumentException(modelName + " has " + network.getNbInputs() + " inputs, not one");
            }
            ITensor input = network.getInput(0);
            long[] dims = TensorRtDims.toArray(input.getDimensions());
            InputProfile profile = profileFor.apply(dims);
            config = builder.createBuilderConfig();
            config.setMemoryPoolLimit(MemoryPoolType.kWORKSPACE, BUILD_WORKSPACE);
            if (precision == Precision.FP16) {
                config.setFlag(BuilderFlag.kFP16);
            }
            boolean free = false;
            for (long d : dims) {
                free |= d < 0;
            }
            if (free) {
                IOptimizationProfile p = builder.createOptimizationProfile();
                String name = input.getName();
                try (Dims64 min = TensorRtDims.of(profile.min());
                     Dims64 opt = TensorRtDims.of(profile.opt());
                     Dims64 max = TensorRtDims.of(profile.max())) {
                    p.setDimensions(name, OptProfileSelector.kMIN, min);
                    p.setDimensions(name, OptProfileSelector.kOPT, opt);
                    p.setDimensions(name, OptProfileSelector.kMAX, max);
                }
                config.addOptimizationProfile(p);
            }
            serialized = builder.buildSerializedNetwork(network, config);
            if (serialized == null || serialized.size() == 0) {
                throw new IllegalArgumentException("TensorRT could not build an engine for " + modelName
                        + " (its log above says why)");
            }
            byte[] bytes = new byte[Math.toIntExact(serialized.size())];
            new BytePointer(serialized.data()).capacity(bytes.length).get(bytes);
            return bytes;
        } finally {
            deallocate(serialized);
            deallocate(config);
            deallocate(parser);
            deallocate(network);
            deallocate(builder);
        }
    }

    static void deallocate(Pointer p) {
        if (p != null && !p.isNull()) {
            p.deallocate();
        }
    }
}
