package dev.veil.run;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The viewer's port, checked before the detector loads and the input is opened: a port in use is one line that says
 * what to do, not a stack trace after start-up. The display server may still lose a race for the port; that bind
 * failure is recognised too.
 */
final class ViewerPort {

    private ViewerPort() {
    }

    /** Whether something on this machine listens on {@code port} of 127.0.0.1 already (port 0 never is). */
    static boolean inUse(int port) {
        if (port == 0) {
            return false;
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (BindException e) {
            return true;
        } catch (IOException e) {
            return false; // not a conflict: the display server will report it in its own words
        }
    }

    /** Whether {@code failure} (from starting the display server) is, at its root, a port already taken. */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** What to say about a port in use (the one line {@code veil run} prints, after its name). */
    static String inUseMessage(int port) {
        return "port " + port + " is already in use (another veil run?); choose another with --port N,"
                + " or --port 0 for any free port";
    }
}
