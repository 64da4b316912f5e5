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
        ResizeMapper mapper = new ResizeMapper(config);
        Server server = new Server(mapper);
        Startup.serve("filter-resize", server::start, () -> {
            server.stop();
            ResizeStats totals = mapper.stats();
            LoggerFactory.getLogger(ResizeMain.class).atInfo().addKeyValue("frames", totals.frames())
                    .addKeyValue("resized", totals.resized()).addKeyValue("invalid", totals.invalid())
                    .addKeyValue("failed", totals.failed()).log("totals");
        });
    }
}
