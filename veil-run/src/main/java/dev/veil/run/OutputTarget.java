package dev.veil.run;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before anything is decoded, that {@code --output} can be written: its folder exists and takes a new
 * file (what the run writes first, beside the output), and the output is not a folder or a file that cannot be
 * replaced. Otherwise the whole input would be played for nothing.
 */
final class OutputTarget {

    private OutputTarget() {
    }

    /** Why {@code output} cannot be written, or null when it can. */
    static String problem(Path output) {
        Path absolute = output.toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder == null || !Files.exists(folder)) {
            return "cannot write --output " + output + ": the folder " + folder + " does not exist";
        }
        if (!Files.isDirectory(folder)) {
            return "cannot write --output " + output + ": " + folder + " is not a folder";
        }
        if (Files.isDirectory(absolute)) {
            return "cannot write --output " + output + ": it is a folder";
        }
        try {
            Files.delete(Files.createTempFile(folder, ".veil-write-check", ".tmp"));
        } catch (AccessDeniedException e) {
            return "cannot write --output " + output + ": no permission to write in " + folder;
        } catch (IOException e) {
            return "cannot write --output " + output + ": cannot write in " + folder + " (" + e.getMessage() + ")";
        }
        if (Files.exists(absolute) && !Files.isWritable(absolute)) {
            return "cannot write --output " + output + ": the file exists and cannot be replaced";
        }
        return null;
    }
}
