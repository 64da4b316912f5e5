package dev.veil.source;

import dev.veil.config.Env;
import dev.veil.config.Startup;
import io.numaproj.numaflow.sourcer.Server;

/** Starts the source vertex: reads VEIL_* settings, starts decoding, serves Numaflow's source gRPC API. */
public final class SourceMain {

    private SourceMain() {
    }

    public static void main(String[] args) throws Exception {
        SourceConfig config = Startup.configOrExit("source-rtsp", () -> SourceConfig.fromEnv(Env.system()));
        VideoSource source = new VideoSource(config).start();
        Server server = new Server(source);
        Startup.stopOnSignal("source-rtsp", () -> {
            server.stop();
            source.close();
        });
        server.start();
        server.awaitTermination();
    }
}
