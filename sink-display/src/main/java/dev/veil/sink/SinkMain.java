package dev.veil.sink;

import dev.veil.config.Env;
import dev.veil.config.Startup;
import io.numaproj.numaflow.sinker.Server;
import org.slf4j.LoggerFactory;

/** Starts the sink vertex: reads VEIL_* settings, serves Numaflow's sink gRPC API. */
public final class SinkMain {

    private SinkMain() {
    }

    public static void main(String[] args) throws Exception {
        SinkConfig config = Startup.configOrExit("sink-display", () -> SinkConfig.fromEnv(Env.system()));
        LoggerFactory.getLogger(SinkMain.class).atInfo().addKeyValue("config", config).log("sink-display starting");
        DisplaySink sink = new DisplaySink(config);
        Server server = new Server(sink);
        Startup.stopOnSignal("sink-display", () -> {
            server.stop();
            sink.close();
        });
        server.start();
        server.awaitTermination();
    }
}
