package dev.veil.sink;

import dev.veil.config.Env;
import dev.veil.config.Startup;
import io.numaproj.numaflow.sinker.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the sink vertex: reads VEIL_* settings, serves Numaflow's sink gRPC API. */
public final class SinkMain {

    private SinkMain() {
    }

    public static void main(String[] args) throws Exception {
        SinkConfig config = Startup.configOrExit("sink", () -> SinkConfig.fromEnv(Env.system()));
        Logger log = LoggerFactory.getLogger(SinkMain.class);
        log.atInfo().addKeyValue("config", config).log("sink starting");
        DisplaySink sink = new DisplaySink(config).start();
        Server server = new Server(sink);
        Startup.serve("sink", server::start, () -> {
            server.stop();
            sink.close();
            SinkStats totals = sink.stats();
            log.atInfo().addKeyValue("frames", totals.frames()).addKeyValue("faces", totals.faces())
                    .addKeyValue("failed_closed", totals.failedClosed()).addKeyValue("invalid", totals.invalid())
                    .addKeyValue("displayed", totals.displayed()).addKeyValue("post_failures", totals.postFailures())
                    .addKeyValue("written", totals.written()).addKeyValue("archive_errors", totals.archiveErrors())
                    .log("totals");
        });
    }
}
