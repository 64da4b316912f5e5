package dev.veil.inference;

import dev.veil.config.Env;
import dev.veil.config.Startup;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.tracking.TrackingConfig;
import dev.veil.stage.MapVertex;
import io.numaproj.numaflow.mapper.Server;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the inference vertex's container: reads VEIL_* settings, opens the model, serves. */
public final class InferenceMain {

    private static final Logger log = LoggerFactory.getLogger(InferenceMain.class);
    private static final String VERTEX = "inference";
    /** Time for the answers of a failed batch to reach Numaflow before the process exits. */
    private static final Duration GPU_FAILURE_GRACE = Duration.ofSeconds(2);

    private InferenceMain() {
    }

    public static void main(String[] args) throws Exception {
        InferenceConfig config = Startup.configOrExit(VERTEX, () -> InferenceConfig.fromEnv(Env.system()));
        TrackingConfig tracking = config.tracking();
        // A model file that is missing or not a model, or VEIL_DEVICE=cuda without a GPU, is a configuration error
        // too: exit 2, one line.
        FaceDetector detector = Startup.configOrExit(VERTEX, () -> FaceDetectors.open(config));
        Duration batchWait = config.batchWaitFor(detector.onGpu());
        log.atInfo().addKeyValue("model", detector.describe()).addKeyValue("confidence", config.confidence())
                .addKeyValue("batch", config.batchSize()).addKeyValue("batchWait", batchWait)
                .addKeyValue("detectEvery", tracking.detectEvery()).addKeyValue("holdFrames", tracking.holdFrames())
                .addKeyValue("fullSearchEvery", tracking.fullSearchEvery())
                .log("face detector ready");
        FaceInference handler = new FaceInference(detector, config.batchSize(), batchWait, tracking);
        MapVertex vertex = new MapVertex(handler);
        Server server = new Server(vertex);
        Startup.ThrowingRunnable stop = () -> {
            server.stop();
            handler.close();
            InferenceStats stats = handler.stats();
            log.atInfo().addKeyValue("frames", stats.frames()).addKeyValue("faces", stats.faces())
                    .addKeyValue("failed", stats.failed()).addKeyValue("invalid", vertex.counts().invalid())
                    .addKeyValue("batches", stats.batches()).addKeyValue("carried", stats.carried())
                    .addKeyValue("held", stats.held()).addKeyValue("changed", stats.changed())
                    .addKeyValue("coarse", stats.coarse()).log("totals");
            detector.close();
        };
        handler.firstGpuFailure().thenRun(new RestartAfterGpuFailure(GPU_FAILURE_GRACE, stop,
                status -> Runtime.getRuntime().halt(status)));
        // SIGTERM/SIGINT: stop serving, report, release the model, exit (see Startup on why not a plain hook).
        Startup.serve(VERTEX, server::start, stop);
    }
}
