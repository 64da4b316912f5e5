package dev.veil.source;

import dev.veil.config.Env;
import dev.veil.config.Startup;
import io.numaproj.numaflow.sourcer.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the source vertex: reads VEIL_* settings, starts decoding, serves Numaflow's source gRPC API. */
public final class SourceMain {

    private static final Logger log = LoggerFactory.getLogger(SourceMain.class);

    private SourceMain() {
    }

    public static void main(String[] args) throws Exception {
        SourceConfig config = Startup.configOrExit("source-rtsp", () -> SourceConfig.fromEnv(Env.system()));
        VideoSource source = new VideoSource(config);
        Server server = new Server(source);
        Startup.serve("source-rtsp", () -> {
            source.start();
            server.start();
        }, () -> {
            server.stop();
            source.close();
            SourceStats totals = source.stats();
            log.atInfo().addKeyValue("decoded", totals.decoded()).addKeyValue("emitted", totals.emitted())
                    .addKeyValue("acknowledged", totals.acknowledged()).addKeyValue("read_errors", totals.readErrors())
                    .log("totals");
        });
    }
}
