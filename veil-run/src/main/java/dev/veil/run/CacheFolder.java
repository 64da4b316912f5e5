package dev.veil.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@code veil run} keeps what it makes once and reuses (the sample video): the user's cache folder, {@code
 * $XDG_CACHE_HOME/veil} or else {@code ~/.cache/veil}, as the XDG base directory specification says. A machine
 * without a usable home gets a folder of its own under the temporary folder, and is told so.
 */
final class CacheFolder {

    static final String XDG_CACHE_HOME = "XDG_CACHE_HOME";

    private CacheFolder() {
    }

    /**
     * The user's cache folder for Veil, or null when there is none: the specification ignores a relative {@code
     * XDG_CACHE_HOME}, and a process may have no home ({@code user.home} is "?" then).
     */
    static Path preferred(Map<String, String> env, String userHome) {
        String xdg = env.get(XDG_CACHE_HOME);
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "veil");
        }
        if (userHome != null && !userHome.isBlank() && !userHome.equals("?") && Path.of(userHome).isAbsolute()) {
            return Path.of(userHome, ".cache", "veil");
        }
        return null;
    }

    /** The folder used when the user's cannot be: one per user under the temporary folder. */
    static Path fallback(String tmpDir, String user) {
        String name = user == null || user.isBlank() ? "user" : user.replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(tmpDir, "veil-" + name);
    }

    /** The folder, created if needed: the preferred one, else the fallback, saying on {@code err} why. */
    static Path create(Path preferred, Path fallback, PrintStream err) throws IOException {
        if (preferred != null) {
            try {
                return Files.createDirectories(preferred);
            } catch (IOException e) {
                err.println("veil run: cannot use the cache folder " + preferred + " (" + e.getClass().getSimpleName()
                        + ": " + e.getMessage() + "); using " + fallback + " instead");
            }
        } else {
            err.println("veil run: no cache folder (neither $" + XDG_CACHE_HOME + " nor a home folder); using "
                    + fallback);
        }
        return Files.createDirectories(fallback);
    }

    /** This process's: from its environment and system properties. */
    static Path forThisUser(PrintStream err) throws IOException {
        return create(preferred(System.getenv(), System.getProperty("user.home")),
                fallback(System.getProperty("java.io.tmpdir"), System.getProperty("user.name")), err);
    }
}
