package dev.veil.resize;

import dev.veil.config.Env;
import dev.veil.config.Startup;
import io.numaproj.numaflow.mapper.Server;
import org.slf4j.LoggerFactory;

/** Starts the filter-resize vertex: reads VEIL_* settings, serves Numaflow's map gRPC API. */
public final class ResizeMain {

    private ResizeMain() {
    }

    public static void main(String[] args) throws Exception {
        ResizeConfig config = Startup.configOrExit("filter-resize", () -> ResizeConfig.fromEnv(Env.system()));
        LoggerFactory.getLogger(ResizeMain.class).atInfo().addKeyValue("box", config.maxWidth() + "x" + config.maxHeight())
                .addKeyValue("jpeg_quality", config.jpegQuality()).addKeyValue("upscale", config.upscale())
                .log("filter-resize starting");
        Server server = new Server(new ResizeMapper(config));
        Startup.stopOnSignal("filter-resize", server::stop);
        server.start();
        server.awaitTermination();
    }
}
