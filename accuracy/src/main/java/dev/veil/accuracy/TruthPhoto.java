package dev.veil.accuracy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reviewed faces of one photo, as its truth file gives them: the photo's file name, pixel size and SHA-256
 * (so that another picture with the same name is never scored against these boxes), and the faces in the photo's
 * own pixels. A photo without faces is a negative: any detection on it is false.
 *
 * <p>The file is UTF-8 text: {@code #} comment lines, of which three are read ({@code # photo: NAME},
 * {@code # size: WxH}, {@code # sha256: HEX}), then the column line {@code x_min,y_min,x_max,y_max,source} and one
 * face a line.
 */
public record TruthPhoto(String fileName, int width, int height, String sha256, List<TruthFace> faces) {

    static final String COLUMNS = "x_min,y_min,x_max,y_max,source";
    private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public TruthPhoto {
        Objects.requireNonNull(fileName, "fileName");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(fileName + ": size " + width + "x" + height + " is not a picture's");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(fileName + ": '" + sha256 + "' is not a lowercase hex SHA-256");
        }
        faces = List.copyOf(faces);
        for (TruthFace face : faces) {
            Box b = face.box();
            if (b.xMin() < 0 || b.yMin() < 0 || b.xMax() > width || b.yMax() > height || b.area() <= 0) {
                throw new IllegalArgumentException(fileName + ": face " + b + " is empty or outside the "
                        + width + "x" + height + " photo");
            }
        }
    }

    /** The face boxes, in the photo's pixels. */
    public List<Box> boxes() {
        return faces.stream().map(TruthFace::box).toList();
    }

    /** Whether the photo has no face at all (any detection on it is a false positive). */
    public boolean negative() {
        return faces.isEmpty();
    }

    /**
     * Reads a truth file.
     *
     * @param origin what the lines came from, for messages
     * @throws IllegalArgumentException naming the origin and line when the file is malformed
     */
    public static TruthPhoto parse(String origin, List<String> lines) {
        String name = null;
        String sha = null;
        int width = 0;
        int height = 0;
        boolean columns = false;
        List<TruthFace> faces = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            String where = origin + " line " + (n + 1);
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String comment = line.substring(1).strip();
                String value = comment.substring(comment.indexOf(':') + 1).strip();
                if (comment.startsWith("photo:")) {
                    name = value;
                } else if (comment.startsWith("sha256:")) {
                    sha = value.toLowerCase(Locale.ROOT);
                } else if (comment.startsWith("size:")) {
                    Matcher m = SIZE.matcher(value);
                    if (!m.matches()) {
                        throw new IllegalArgumentException(where + ": size '" + value + "' is not WIDTHxHEIGHT");
                    }
                    width = Integer.parseInt(m.group(1));
                    height = Integer.parseInt(m.group(2));
                }
                continue;
            }
            if (!columns) {
                if (!line.equals(COLUMNS)) {
                    throw new IllegalArgumentException(where + ": expected the column line '" + COLUMNS + "', found '"
                            + line + "'");
                }
                columns = true;
                continue;
            }
            faces.add(face(where, line));
        }
        if (name == null || sha == null || width == 0) {
            throw new IllegalArgumentException(origin + ": the header must give '# photo:', '# size:' and '# sha256:'");
        }
        if (!columns) {
            throw new IllegalArgumentException(origin + ": no column line '" + COLUMNS + "'");
        }
        try {
            return new TruthPhoto(name, width, height, sha, faces);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    private static TruthFace face(String where, String line) {
        String[] f = line.split(",", -1);
        if (f.length != 5) {
            throw new IllegalArgumentException(where + ": expected 5 fields (" + COLUMNS + "), found '" + line + "'");
        }
        try {
            Box box = new Box(Double.parseDouble(f[0].strip()), Double.parseDouble(f[1].strip()),
                    Double.parseDouble(f[2].strip()), Double.parseDouble(f[3].strip()));
            return new TruthFace(box, FaceSource.ofCsvName(f[4].strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
