package dev.veil.inference.gpu;

import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes TensorRT's messages to the log: warnings and errors only (its info level is chatty). */
final class TensorRtLog extends ILogger {

    private static final Logger log = LoggerFactory.getLogger(TensorRtLog.class);

    /**
     * The one logger of the process: TensorRT keeps the first logger it is given for its whole life and ignores
     * later ones (seen on an H200: "The logger passed into createInferRuntime differs from one already registered"),
     * so a per-engine logger freed at close would leave TensorRT calling freed memory. Created on first use, because
     * creating it loads TensorRT's natives; never freed.
     */
    private static final class Shared {
        static final TensorRtLog INSTANCE = new TensorRtLog();
    }

    private TensorRtLog() {
    }

    static TensorRtLog shared() {
        return Shared.INSTANCE;
    }

    @Override
    public void log(Severity severity, String message) {
        Severity s = severity.intern();
        if (s == Severity.kERROR || s == Severity.kINTERNAL_ERROR) {
            log.atError().addKeyValue("tensorrt", message).log("TensorRT error");
        } else if (s == Severity.kWARNING) {
            log.atWarn().addKeyValue("tensorrt", message).log("TensorRT warning");
        }
    }
}
