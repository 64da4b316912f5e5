package dev.veil.accuracy;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The pictures a reviewer looks at: parts of a photo enlarged, every candidate box drawn in the colour of its
 * source and numbered, with a pixel grid to read the box of a missed face off; and contact sheets with one
 * enlarged crop per candidate, to judge each one on its own.
 */
final class ReviewSheets {

    /** A box to draw, with its label. */
    record Mark(Box box, String label, Colour colour) {
    }

    /** Colours of the marks, by what they are. */
    enum Colour {
        BOTH(0, 220, 0), YUNET(0, 150, 255), YOLO(255, 0, 255), MANUAL(255, 255, 0), REMOVED(0, 0, 255);

        final int b;
        final int g;
        final int r;

        Colour(int b, int g, int r) {
            this.b = b;
            this.g = g;
            this.r = r;
        }

        static Colour of(FaceSource source) {
            return switch (source) {
                case BOTH -> BOTH;
                case YUNET -> YUNET;
                case YOLO -> YOLO;
                case MANUAL -> MANUAL;
            };
        }

        Scalar scalar() {
            return new Scalar(b, g, r, 0);
        }
    }

    /** Small cells, many a sheet: to go through every candidate. */
    static final int SMALL_CELL = 110;
    /** Large cells with more around the box and the other boxes drawn: to judge a doubtful one in its context. */
    static final int LARGE_CELL = 240;
    private static final int LABEL = 16;
    private static final int SHEET_WIDTH = 1100;
    private static final int SHEET_HEIGHT = 900;

    private ReviewSheets() {
    }

    /**
     * The region {@code (x, y, w, h)} of the photo enlarged {@code scale} times, with the marks and a grid line
     * every {@code grid} photo pixels (labelled with its photo coordinate).
     */
    static void region(Mat photo, int x, int y, int w, int h, double scale, int grid, List<Mark> marks, Path out) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(photo.cols(), x + w);
        int y1 = Math.min(photo.rows(), y + h);
        try (Rect rect = new Rect(x0, y0, x1 - x0, y1 - y0); Mat crop = photo.apply(rect); Mat big = new Mat();
             Size size = new Size((int) Math.round((x1 - x0) * scale), (int) Math.round((y1 - y0) * scale))) {
            resize(crop, big, size, 0, 0, scale >= 1 ? INTER_CUBIC : INTER_AREA);
            try (Scalar line = new Scalar(160, 160, 160, 0); Scalar text = new Scalar(255, 255, 255, 0)) {
                for (int gx = (x0 + grid - 1) / grid * grid; gx < x1; gx += grid) {
                    int px = (int) Math.round((gx - x0) * scale);
                    dashed(big, px, 0, px, big.rows(), line);
                    label(big, Integer.toString(gx), px + 2, 12, text);
                }
                for (int gy = (y0 + grid - 1) / grid * grid; gy < y1; gy += grid) {
                    int py = (int) Math.round((gy - y0) * scale);
                    dashed(big, 0, py, big.cols(), py, line);
                    label(big, Integer.toString(gy), 2, py - 2, text);
                }
            }
            for (Mark m : marks) {
                Box b = m.box().translated(-x0, -y0).scaled(scale, scale);
                if (b.xMax() < 0 || b.yMax() < 0 || b.xMin() > big.cols() || b.yMin() > big.rows()) {
                    continue;
                }
                try (Scalar colour = m.colour().scalar();
                     Point a = new Point((int) Math.round(b.xMin()), (int) Math.round(b.yMin()));
                     Point c = new Point((int) Math.round(b.xMax()), (int) Math.round(b.yMax()))) {
                    rectangle(big, a, c, colour, 1, LINE_8, 0);
                    int ly = b.yMin() > 14 ? (int) Math.round(b.yMin()) - 2 : (int) Math.round(b.yMax()) + 11;
                    label(big, m.label(), (int) Math.round(b.xMin()), ly, colour);
                }
            }
            write(big, out);
        }
    }

    /**
     * Contact sheets: one cell per mark, the photo around its box (two and a half times its size in small cells,
     * five times in large ones) enlarged to the cell, the box drawn (and, in large cells, the {@code context} boxes
     * too), its label below. Written as {@code prefix-01.png}, {@code prefix-02.png}...
     */
    static void contactSheets(Mat photo, List<Mark> marks, List<Mark> context, int cellSize, Path dir, String prefix) {
        int columns = SHEET_WIDTH / cellSize;
        int perSheet = columns * (SHEET_HEIGHT / (cellSize + LABEL));
        for (int first = 0, sheet = 1; first < marks.size(); first += perSheet, sheet++) {
            List<Mark> page = marks.subList(first, Math.min(marks.size(), first + perSheet));
            int rows = (page.size() + columns - 1) / columns;
            try (Scalar grey = new Scalar(40, 40, 40, 0);
                 Mat canvas = new Mat(rows * (cellSize + LABEL), columns * cellSize, CV_8UC3, grey)) {
                for (int i = 0; i < page.size(); i++) {
                    cell(photo, page.get(i), context, cellSize, canvas, (i % columns) * cellSize,
                            (i / columns) * (cellSize + LABEL));
                }
                write(canvas, dir.resolve(String.format("%s-%02d.png", prefix, sheet)));
            }
        }
    }

    private static void cell(Mat photo, Mark mark, List<Mark> context, int cell, Mat canvas, int cx, int cy) {
        Box b = mark.box();
        double around = cell >= LARGE_CELL ? 5 : 2.5;
        double side = Math.max(24, around * Math.max(b.width(), b.height()));
        int x0 = (int) Math.floor(b.centreX() - side / 2);
        int y0 = (int) Math.floor(b.centreY() - side / 2);
        int s = (int) Math.ceil(side);
        // The part of the square inside the photo, placed where it belongs in the cell (grey outside the photo).
        int ix0 = Math.max(0, x0);
        int iy0 = Math.max(0, y0);
        int ix1 = Math.min(photo.cols(), x0 + s);
        int iy1 = Math.min(photo.rows(), y0 + s);
        double scale = (double) cell / s;
        if (ix1 > ix0 && iy1 > iy0) {
            int w = Math.max(1, (int) Math.round((ix1 - ix0) * scale));
            int h = Math.max(1, (int) Math.round((iy1 - iy0) * scale));
            int dx = Math.min(cell - w, (int) Math.round((ix0 - x0) * scale));
            int dy = Math.min(cell - h, (int) Math.round((iy0 - y0) * scale));
            try (Rect from = new Rect(ix0, iy0, ix1 - ix0, iy1 - iy0); Mat crop = photo.apply(from);
                 Rect to = new Rect(cx + dx, cy + dy, w, h); Mat target = canvas.apply(to);
                 Size size = new Size(w, h)) {
                resize(crop, target, size, 0, 0, scale >= 1 ? INTER_CUBIC : INTER_AREA);
            }
        }
        if (cell >= LARGE_CELL) {
            Box square = new Box(x0, y0, x0 + s, y0 + s);
            for (Mark other : context) {
                if (other.box().intersectionArea(square) > 0 && !other.box().equals(b)) {
                    Box o = other.box().translated(-x0, -y0).scaled(scale, scale).clippedTo(cell - 1, cell - 1);
                    outline(canvas, o.translated(cx, cy), other.colour());
                }
            }
        }
        outline(canvas, b.translated(-x0, -y0).scaled(scale, scale).translated(cx, cy), mark.colour());
        try (Scalar colour = mark.colour().scalar()) {
            label(canvas, mark.label(), cx + 2, cy + cell + LABEL - 4, colour);
        }
    }

    private static void outline(Mat image, Box b, Colour colour) {
        try (Scalar c = colour.scalar();
             Point p0 = new Point((int) Math.round(b.xMin()), (int) Math.round(b.yMin()));
             Point p1 = new Point((int) Math.round(b.xMax()), (int) Math.round(b.yMax()))) {
            rectangle(image, p0, p1, c, 1, LINE_8, 0);
        }
    }

    private static void dashed(Mat image, int xa, int ya, int xb, int yb, Scalar colour) {
        int length = Math.max(1, Math.max(Math.abs(xb - xa), Math.abs(yb - ya)));
        for (int t = 0; t < length; t += 8) {
            int t1 = Math.min(length, t + 3);
            try (Point a = new Point(xa + (xb - xa) * t / length, ya + (yb - ya) * t / length);
                 Point b = new Point(xa + (xb - xa) * t1 / length, ya + (yb - ya) * t1 / length)) {
                org.bytedeco.opencv.global.opencv_imgproc.line(image, a, b, colour, 1, LINE_8, 0);
            }
        }
    }

    private static void label(Mat image, String text, int x, int y, Scalar colour) {
        try (Point at = new Point(x, y); Point shadow = new Point(x + 1, y + 1);
             Scalar black = new Scalar(0, 0, 0, 0)) {
            putText(image, text, shadow, FONT_HERSHEY_SIMPLEX, 0.38, black, 2, LINE_8, false);
            putText(image, text, at, FONT_HERSHEY_SIMPLEX, 0.38, colour, 1, LINE_8, false);
        }
    }

    private static void write(Mat image, Path out) {
        try {
            Files.createDirectories(out.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!imwrite(out.toString(), image)) {
            throw new UncheckedIOException(new IOException("OpenCV could not write " + out));
        }
    }
}
