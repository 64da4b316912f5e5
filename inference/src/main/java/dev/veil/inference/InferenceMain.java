package dev.veil.inference;

import dev.veil.config.Env;
import dev.veil.config.Startup;
import io.numaproj.numaflow.mapper.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the inference vertex's container: reads VEIL_* settings, opens the model, serves. */
public final class InferenceMain {

    private static final Logger log = LoggerFactory.getLogger(InferenceMain.class);
    private static final String VERTEX = "inference";

    private InferenceMain() {
    }

    public static void main(String[] args) throws Exception {
        InferenceConfig config = Startup.configOrExit(VERTEX, () -> InferenceConfig.fromEnv(Env.system()));
        // A model file that is missing or not a model is a configuration error too: exit 2, one line.
        FaceDetector detector = Startup.configOrExit(VERTEX, () -> FaceDetectors.open(config));
        log.atInfo().addKeyValue("model", detector.describe()).addKeyValue("confidence", config.confidence())
                .log("face detector ready");
        FaceInference handler = new FaceInference(detector);
        Server server = new Server(handler);
        // SIGTERM/SIGINT: stop serving, report, release the model, exit (see Startup on why not a plain hook).
        Startup.serve(VERTEX, server::start, () -> {
            server.stop();
            InferenceStats stats = handler.stats();
            log.atInfo().addKeyValue("frames", stats.frames()).addKeyValue("faces", stats.faces())
                    .addKeyValue("failed", stats.failed()).addKeyValue("invalid", stats.invalid()).log("totals");
            detector.close();
        });
    }
}
