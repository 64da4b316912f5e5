package dev.veil.resize;

import dev.veil.config.Env;
import dev.veil.config.Startup;
import dev.veil.stage.MapVertex;
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
        FrameResizer resizer = new FrameResizer(config);
        MapVertex vertex = new MapVertex(resizer, config.jpegQuality());
        Server server = new Server(vertex);
        Startup.serve("filter-resize", server::start, () -> {
            server.stop();
            MapVertex.Counts totals = vertex.counts();
            LoggerFactory.getLogger(ResizeMain.class).atInfo().addKeyValue("frames", totals.messages())
                    .addKeyValue("resized", resizer.resized()).addKeyValue("invalid", totals.invalid())
                    .addKeyValue("dropped", totals.dropped()).addKeyValue("failed", totals.failed()).log("totals");
        });
    }
}
