package dev.veil.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The files a file stream plays, in order: each input as given, a directory as its video files in name order. */
final class VideoFiles {

    /** What counts as a video in a directory; anything else there (notes, checksums, hidden files) is left out. */
    static final Set<String> EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "ts", "mts", "m2ts",
            "mpg", "mpeg", "flv", "3gp", "mxf", "wmv", "asf", "ogv", "h264", "264", "h265", "265", "hevc", "ivf");

    private VideoFiles() {
    }

    static List<String> expand(List<String> inputs) throws IOException {
        List<String> files = new ArrayList<>();
        for (String input : inputs) {
            Path path = SourceConfig.isUrl(input) ? null : Path.of(input);
            if (path == null || !Files.isDirectory(path)) {
                files.add(input);
                continue;
            }
            try (Stream<Path> listing = Files.list(path)) {
                listing.filter(Files::isRegularFile)
                        .filter(p -> isVideoName(p.getFileName().toString()))
                        .map(Path::toString)
                        .sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    static boolean isVideoName(String name) {
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
