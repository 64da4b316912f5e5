package dev.veil.source;

import dev.veil.config.ConfigException;
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
        SourceConfig config = Startup.configOrExit("source-rtsp", () -> {
            SourceConfig parsed = SourceConfig.fromEnv(Env.system());
            CudaDevices cuda = CudaDevices.probe();
            if (parsed.decoder() == DecoderSetting.NVDEC && !cuda.visible()) {
                throw new ConfigException(SourceConfig.DECODER + "=nvdec but no CUDA device is visible ("
                        + cuda.missing() + "); use auto to fall back to the CPU");
            }
            return parsed;
        });
        VideoSource source = new VideoSource(config);
        Server server = new Server(source);
        log.atInfo().addKeyValue("streams", config.streams().size()).addKeyValue("inputs", config.inputForLogs())
                .log("source starting");
        Startup.serve("source-rtsp", () -> {
            source.start();
            server.start();
        }, () -> {
            server.stop();
            source.close();
            SourceStats totals = source.stats();
            log.atInfo().addKeyValue("decoded", totals.decoded()).addKeyValue("emitted", totals.emitted())
                    .addKeyValue("acknowledged", totals.acknowledged()).addKeyValue("dropped", totals.dropped())
                    .addKeyValue("read_errors", totals.readErrors()).addKeyValue("decode_errors", totals.decodeErrors())
                    .addKeyValue("oversize_frames", totals.oversizeFrames()).addKeyValue("stalls", totals.stalls())
                    .addKeyValue("reconnects", totals.reconnects()).log("totals");
        });
    }
}
