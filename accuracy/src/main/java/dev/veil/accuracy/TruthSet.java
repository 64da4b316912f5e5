package dev.veil.accuracy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The accuracy set: the reviewed truth of every photo, as this module's resources hold it
 * ({@code dev/veil/accuracy/truth/SET.txt} lists the photos, {@code <photo>.csv} gives each one's faces; see
 * accuracy/README.md for how they were made). The photos themselves are not in the repository: {@link #locate} finds
 * them on this machine, e.g. in {@code ../shared/media}. One photo, {@value #PORTRAIT}, is the repository's own
 * public-domain portrait, in veil-run's resources ({@code dev/veil/run/sample/}): pass its folder too (or a folder
 * where it was copied from veil-run's classpath).
 */
public final class TruthSet {

    /** The set's listing, one photo a line, in the order reports show them. */
    static final String LISTING = "truth/SET.txt";
    /** The portrait veil-run carries (its sample video's picture); not in ../shared. */
    public static final String PORTRAIT = "astronaut.jpg";

    private final List<TruthPhoto> photos;

    public TruthSet(List<TruthPhoto> photos) {
        this.photos = List.copyOf(photos);
        Set<String> names = new HashSet<>();
        for (TruthPhoto p : this.photos) {
            if (!names.add(p.fileName())) {
                throw new IllegalArgumentException("the set lists " + p.fileName() + " twice");
            }
        }
    }

    /** The set as this module's resources give it. */
    public static TruthSet load() {
        List<TruthPhoto> photos = new ArrayList<>();
        for (String name : lines(LISTING)) {
            if (!name.isBlank() && !name.startsWith("#")) {
                String resource = "truth/" + name.strip() + ".csv";
                TruthPhoto photo = TruthPhoto.parse(resource, lines(resource));
                if (!photo.fileName().equals(name.strip())) {
                    throw new IllegalStateException(resource + " is the truth of " + photo.fileName() + ", not of "
                            + name.strip());
                }
                photos.add(photo);
            }
        }
        return new TruthSet(photos);
    }

    public List<TruthPhoto> photos() {
        return photos;
    }

    /** The photo of that file name; {@link IllegalArgumentException} when the set has none. */
    public TruthPhoto photo(String fileName) {
        return photos.stream().filter(p -> p.fileName().equals(fileName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the accuracy set has no photo " + fileName));
    }

    /**
     * Finds each photo by its file name in the folders, in order; a file with that name counts only when its
     * SHA-256 is the truth's. Photos found nowhere, or found only with other content, are reported, never dropped
     * silently.
     */
    public LocatedSet locate(List<Path> folders) throws IOException {
        List<LocatedPhoto> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<LocatedSet.Mismatch> different = new ArrayList<>();
        for (TruthPhoto photo : photos) {
            LocatedSet.Mismatch mismatch = null;
            LocatedPhoto located = null;
            for (Path folder : folders) {
                Path file = folder.resolve(photo.fileName());
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                String sha = FileDigest.sha256(file);
                if (sha.equals(photo.sha256())) {
                    located = new LocatedPhoto(photo, file);
                    break;
                }
                if (mismatch == null) {
                    mismatch = new LocatedSet.Mismatch(photo.fileName(), file, photo.sha256(), sha);
                }
            }
            if (located != null) {
                found.add(located);
            } else if (mismatch != null) {
                different.add(mismatch);
            } else {
                missing.add(photo.fileName());
            }
        }
        return new LocatedSet(found, missing, different);
    }

    /** {@link #locate(List)} with the folders given one by one. */
    public LocatedSet locate(Path... folders) throws IOException {
        return locate(List.of(folders));
    }

    private static List<String> lines(String resource) {
        try (InputStream in = TruthSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the accuracy set's resource dev/veil/accuracy/" + resource
                        + " is missing from the classpath");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/veil/accuracy/" + resource, e);
        }
    }
}
