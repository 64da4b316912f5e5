package dev.veil.display;

import dev.veil.config.Env;
import dev.veil.config.Startup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the display server from the environment until SIGTERM. */
public final class DisplayMain {

    private static final Logger log = LoggerFactory.getLogger(DisplayMain.class);
    private static final int START_FAILED_EXIT = 1;

    private DisplayMain() {
    }

    public static void main(String[] args) throws Exception {
        DisplayConfig config = Startup.configOrExit("display", () -> DisplayConfig.fromEnv(Env.system()));
        DisplayServer server = new DisplayServer(config);
        try {
            server.start();
        } catch (RuntimeException e) {
            // Mostly a port already in use or an address this host does not have.
            log.atError().addKeyValue("bind", config.bind()).addKeyValue("port", config.port())
                    .addKeyValue("problem", String.valueOf(e.getMessage())).log("display server could not start");
            server.close();
            System.exit(START_FAILED_EXIT);
            return;
        }
        String host = switch (config.bind()) {
            case "0.0.0.0", "::", "[::]" -> "localhost";
            default -> config.bind().contains(":") && !config.bind().startsWith("[") ? "[" + config.bind() + "]"
                    : config.bind();
        };
        // Ready is said once SIGTERM stops the server cleanly: a signal right after the line must not find the JVM's
        // default handler.
        Startup.serve("display",
                () -> log.atInfo().addKeyValue("url", "http://" + host + ":" + server.port() + "/").log("display ready"),
                server::close);
    }
}
