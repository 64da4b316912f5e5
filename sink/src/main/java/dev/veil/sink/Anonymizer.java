package dev.veil.sink;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;

import dev.veil.stage.FaceBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Treats faces in place, in an 8-bit BGR image. Every face is covered with a margin around its box, because
 * detector boxes hug the face and hair, ears and chin identify people too. Nothing outside the covered areas is
 * ever changed, whatever the mode.
 */
public final class Anonymizer {

    private static final double FILL_GREY = 128;
    /**
     * Kernels up to this side are applied as they are; wider ones on a reduced copy (the same Gaussian within 40 dB
     * PSNR for the kernels AnonymizerTest checks). A direct Gaussian's cost grows with its side: ten faces 36 pixels
     * tall at 720p, a street's faces, took 5.5 ms a frame with direct kernels of 67 and about 3 ms reduced
     * ({@code veil bench}, docs/benchmarks.md).
     */
    static final int DIRECT_BLUR_MAX_KERNEL = 31;
    /** Sigma, in reduced pixels, of a wide blur computed on a reduced copy. */
    static final double REDUCED_SIGMA = 4.0;

    private final AnonymizerConfig config;

    public Anonymizer(AnonymizerConfig config) {
        this.config = config;
    }

    public AnonymizerConfig config() {
        return config;
    }

    /** Treats every detected face; returns the areas covered (the rectangles that hold each mask), in pixels. */
    public List<Rect> anonymize(Mat image, List<FaceBox> faces) {
        List<Rect> covered = new ArrayList<>(faces.size());
        for (FaceBox face : faces) {
            Rect area = coverFor(face, image.cols(), image.rows());
            if (area.width() > 0 && area.height() > 0) {
                covered.add(area);
            }
        }
        hide(image, faces);
        return covered;
    }

    /**
     * Treats every detected face, as {@link #anonymize} does, without handing out the covers: the sink's path.
     * Rectangles to blur are blurred together where they overlap ({@link #blurTogether}).
     *
     * @return how many faces were covered
     */
    public int hide(Mat image, List<FaceBox> faces) {
        int width = image.cols();
        int height = image.rows();
        List<int[]> covers = new ArrayList<>(faces.size());
        for (FaceBox face : faces) {
            int[] c = cover(face, width, height);
            if (c[2] > 0 && c[3] > 0) {
                covers.add(c);
            }
        }
        if (config.mode() == AnonymizeMode.BLUR && config.shape() == MaskShape.RECTANGLE) {
            blurTogether(image, covers);
            return covers.size();
        }
        for (int f = 0; f < faces.size(); f++) {
            int[] c = cover(faces.get(f), width, height);
            if (c[2] == 0 || c[3] == 0) {
                continue;
            }
            try (Rect area = new Rect(c[0], c[1], c[2], c[3]); Mat region = image.apply(area)) {
                if (config.mode() == AnonymizeMode.BOXES) {
                    outline(region, faces.get(f).score());
                } else if (config.shape() == MaskShape.RECTANGLE) {
                    hide(region);
                } else {
                    hideInsideEllipse(region);
                }
            }
        }
        return covers.size();
    }

    /**
     * Blurs covers that overlap as one: each group of overlapping covers is blurred once, from the picture as it
     * was, with the strongest kernel any of them needs, and copied into the covers only (a mask). Blurring them one
     * after the other would leave a hard seam where one blurred cover ends inside another (a face with a held box
     * beside its found one shows such a seam across it, which is detail a viewer sees), and a crowd's thousand
     * small blurs cost more than one of the area around them all.
     */
    private static void blurTogether(Mat image, List<int[]> covers) {
        for (List<int[]> group : overlapping(covers)) {
            blurGroup(image, group);
        }
    }

    /**
     * One group of overlapping covers blurred as one, through a mask of its covers; a group of one cover (every face
     * of a street or a group photo that stands apart) is copied as its rectangle, with no mask to make.
     */
    static void blurGroup(Mat image, List<int[]> group) {
        Area a = Area.around(group, image.cols(), image.rows());
        try (Rect area = new Rect(a.x(), a.y(), a.width(), a.height()); Mat region = image.apply(area);
             Mat blurred = new Mat()) {
            if (a.kernel() <= DIRECT_BLUR_MAX_KERNEL) {
                try (Size kernel = new Size(a.kernel(), a.kernel())) {
                    GaussianBlur(region, blurred, kernel, 0);
                }
            } else {
                reducedGaussianBlur(region, blurred, gaussianSigma(a.kernel()));
            }
            if (group.size() == 1) {
                int[] c = group.get(0);
                try (Rect cover = new Rect(c[0] - a.x(), c[1] - a.y(), c[2], c[3]); Mat from = blurred.apply(cover);
                     Mat to = region.apply(cover)) {
                    from.copyTo(to);
                }
                return;
            }
            try (Scalar none = Scalar.all(0); Mat mask = new Mat(a.height(), a.width(), CV_8UC1, none)) {
                fillMask(mask, group, a.x(), a.y());
                blurred.copyTo(region, mask);
            }
        }
    }

    /**
     * The area a group's blur works on, and its kernel: the strongest any of its covers needs. The area holds all the
     * covers, grown by half that kernel: the blur reads the picture around the covers too, as one cover's blur does on
     * the whole picture; cut at the covers' edge, it would smear the edge rows and keep their detail.
     */
    record Area(int x, int y, int width, int height, int kernel) {

        static Area around(List<int[]> group, int imageWidth, int imageHeight) {
            int x0 = Integer.MAX_VALUE;
            int y0 = Integer.MAX_VALUE;
            int x1 = 0;
            int y1 = 0;
            int k = 3;
            for (int[] c : group) {
                x0 = Math.min(x0, c[0]);
                y0 = Math.min(y0, c[1]);
                x1 = Math.max(x1, c[0] + c[2]);
                y1 = Math.max(y1, c[1] + c[3]);
                k = Math.max(k, kernelFor(c[2], c[3]));
            }
            int pad = k / 2;
            int ax = Math.max(0, x0 - pad);
            int ay = Math.max(0, y0 - pad);
            return new Area(ax, ay, Math.min(imageWidth, x1 + pad) - ax, Math.min(imageHeight, y1 + pad) - ay, k);
        }
    }

    /**
     * Marks every cover of a group in its mask (its origin at {@code x0, y0}): one filled rectangle each, drawn by
     * OpenCV. Written row by row from Java (tens of thousands of buffer writes a crowd's frame), the covers cost about
     * 4 ms more a crowd's frame with only the JIT's first tier, which is what {@code ./veil} runs on two cores.
     */
    private static void fillMask(Mat mask, List<int[]> group, int x0, int y0) {
        try (Rect cover = new Rect(); Scalar covered = Scalar.all(255)) {
            for (int[] c : group) {
                cover.x(c[0] - x0).y(c[1] - y0).width(c[2]).height(c[3]);
                opencv_imgproc.rectangle(mask, cover, covered, FILLED, LINE_8, 0);
            }
        }
    }

    /** The covers in groups of overlapping ones (connected through overlaps), each cover in exactly one group. */
    static List<List<int[]>> overlapping(List<int[]> covers) {
        int n = covers.size();
        int[] parent = new int[n];
        // Members under each root: the smaller group joins the larger, or a crowd's one big group becomes a chain
        // that every later overlap walks (linking the old root under each new cover made it as long as the crowd).
        int[] size = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            size[i] = 1;
        }
        // By left edge, as primitive keys (edge, index): a comparator sort of boxed indexes cost more than the rest.
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) covers.get(i)[0] << 32) | i;
        }
        java.util.Arrays.sort(keys);
        // The sweep reads the edges from arrays in that order rather than through the list and each cover's array: a
        // crowd's cover is compared with every cover whose left edge lies before its right one (1,700 crowd-sized
        // covers: 0.84 ms instead of 1.21 with the JIT's first tier, docs/benchmarks.md).
        int[] byLeft = new int[n];
        int[] left = new int[n];
        int[] right = new int[n];
        int[] top = new int[n];
        int[] bottom = new int[n];
        for (int k = 0; k < n; k++) {
            int i = (int) keys[k];
            int[] c = covers.get(i);
            byLeft[k] = i;
            left[k] = c[0];
            right[k] = c[0] + c[2];
            top[k] = c[1];
            bottom[k] = c[1] + c[3];
        }
        for (int a = 0; a < n; a++) {
            int aRight = right[a];
            int aTop = top[a];
            int aBottom = bottom[a];
            for (int b = a + 1; b < n && left[b] < aRight; b++) {
                if (top[b] < aBottom && aTop < bottom[b]) {
                    union(parent, size, byLeft[a], byLeft[b]);
                }
            }
        }
        // Groups in the order of their first cover, each cover in the order given.
        int[] groupOf = new int[n];
        java.util.Arrays.fill(groupOf, -1);
        List<List<int[]>> groups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int root = find(parent, i);
            if (groupOf[root] < 0) {
                groupOf[root] = groups.size();
                groups.add(new ArrayList<>());
            }
            groups.get(groupOf[root]).add(covers.get(i));
        }
        return groups;
    }

    private static void union(int[] parent, int[] size, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra == rb) {
            return;
        }
        if (size[ra] < size[rb]) {
            int t = ra;
            ra = rb;
            rb = t;
        }
        parent[rb] = ra;
        size[ra] += size[rb];
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** The blur kernel for a cover: its larger side, odd, at least 3 (see {@link #blur}). */
    private static int kernelFor(int width, int height) {
        return odd(Math.max(3, Math.max(width, height)));
    }

    /** The pixel area covering a face and its margin, clipped to the image. */
    Rect coverFor(FaceBox face, int width, int height) {
        int[] c = cover(face, width, height);
        return new Rect(c[0], c[1], c[2], c[3]);
    }

    /** {@link #coverFor} as {x, y, width, height}, without a native object. */
    private int[] cover(FaceBox face, int width, int height) {
        double margin = config.margin();
        double w = (face.xMax() - face.xMin()) * width;
        double h = (face.yMax() - face.yMin()) * height;
        int x0 = clamp(outward(face.xMin() * width - margin * w, -1), width);
        int y0 = clamp(outward(face.yMin() * height - margin * h, -1), height);
        int x1 = clamp(outward(face.xMax() * width + margin * w, 1), width);
        int y1 = clamp(outward(face.yMax() * height + margin * h, 1), height);
        return new int[]{x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)};
    }

    /**
     * The whole pixel at or beyond {@code edge} in {@code direction} (-1 left/up, +1 right/down). An edge within a
     * thousandth of a pixel of a whole one is that one: boxes travel as floats between processes and as doubles within
     * one, and the same box must get the same cover either way.
     */
    private static int outward(double edge, int direction) {
        double nearest = Math.rint(edge);
        if (Math.abs(edge - nearest) < 1e-3) {
            return (int) nearest;
        }
        return (int) (direction < 0 ? Math.floor(edge) : Math.ceil(edge));
    }

    private void hide(Mat region) {
        switch (config.mode()) {
            case BLUR -> blur(region);
            case PIXELATE -> pixelate(region, config.pixelateBlocks());
            case FILL -> {
                try (Scalar grey = new Scalar(FILL_GREY, FILL_GREY, FILL_GREY, 0)) {
                    region.put(grey);
                }
            }
            default -> throw new IllegalStateException("mode " + config.mode() + " hides nothing");
        }
    }

    /** Treats a copy of the region, then copies back only what lies inside the inscribed ellipse. */
    private void hideInsideEllipse(Mat region) {
        try (Mat treated = region.clone(); Mat mask = ellipseMask(region.cols(), region.rows())) {
            hide(treated);
            treated.copyTo(region, mask);
        }
    }

    private static Mat ellipseMask(int width, int height) {
        Mat mask;
        try (Scalar black = Scalar.all(0)) {
            mask = new Mat(height, width, CV_8UC1, black);
        }
        // Centre and half-axes in 1/16 pixel (shift 4), so odd sizes stay centred.
        try (Point centre = new Point(width * 8, height * 8); Size axes = new Size(width * 8, height * 8);
             Scalar white = Scalar.all(255)) {
            opencv_imgproc.ellipse(mask, centre, axes, 0, 0, 360, white, FILLED, LINE_8, 4);
        }
        return mask;
    }

    /**
     * The debugging mode: the cover's outline and the detector's score, drawn inside the region so that nothing
     * outside it changes. The face itself stays as it is.
     */
    private void outline(Mat region, double score) {
        int thickness = Math.max(2, Math.min(region.cols(), region.rows()) / 40);
        try (Scalar green = new Scalar(0, 255, 0, 0); Scalar black = new Scalar(0, 0, 0, 0)) {
            if (config.shape() == MaskShape.RECTANGLE) {
                try (Point a = new Point(0, 0); Point b = new Point(region.cols() - 1, region.rows() - 1)) {
                    opencv_imgproc.rectangle(region, a, b, green, thickness * 2, LINE_8, 0);
                }
            } else {
                try (Point centre = new Point(region.cols() * 8, region.rows() * 8);
                     Size axes = new Size(region.cols() * 8 - thickness * 8, region.rows() * 8 - thickness * 8)) {
                    opencv_imgproc.ellipse(region, centre, axes, 0, 0, 360, green, thickness, LINE_8, 4);
                }
            }
            String label = String.format(Locale.ROOT, "%.2f", score);
            double scale = Math.max(0.35, region.cols() / 240.0);
            try (IntPointer baseline = new IntPointer(1);
                 Size text = opencv_imgproc.getTextSize(label, FONT_HERSHEY_SIMPLEX, scale, 1, baseline)) {
                int pad = thickness + 2;
                try (Point a = new Point(0, 0);
                     Point b = new Point(text.width() + 2 * pad, text.height() + baseline.get() + 2 * pad);
                     Point origin = new Point(pad, pad + text.height())) {
                    opencv_imgproc.rectangle(region, a, b, green, FILLED, LINE_8, 0);
                    opencv_imgproc.putText(region, label, origin, FONT_HERSHEY_SIMPLEX, scale, black, 1, LINE_8, false);
                }
            }
        }
    }

    /**
     * Gaussian blur with a kernel as wide as the cover: a small face in the distance needs little, a face filling the
     * frame needs a lot for the same loss of detail. Half as wide left a blob that a face detector (YuNet) still took
     * for a face at 0.7: not who, but that; as wide, nothing is found (docs/detectors.md).
     */
    private static void blur(Mat region) {
        int k = kernelFor(region.cols(), region.rows());
        if (k <= DIRECT_BLUR_MAX_KERNEL) {
            try (Size kernel = new Size(k, k)) {
                GaussianBlur(region, region, kernel, 0);
            }
            return;
        }
        reducedGaussianBlur(region, gaussianSigma(k));
    }

    /**
     * The same Gaussian computed on a copy reduced so that its sigma is {@value #REDUCED_SIGMA} pixels there, then
     * enlarged back: a wide Gaussian keeps no detail finer than its sigma, so the reduced copy holds everything the
     * result shows, at a cost that no longer grows with the square of the face's size (a face filling a 720p frame
     * took about 80 ms to blur directly, under 1.5 ms this way). The copy is halved by OpenCV's image pyramid as
     * often as the reduction allows (a 5-tap Gaussian, then every second pixel), and only the rest of the way by
     * pixel-area averaging, whose general (non-integer) case was over half of a wide blur's cost on its own. The
     * halvings, the area averaging and the bilinear enlargement blur a little themselves; the reduced sigma is
     * lowered by that much, so the strength stays the one asked for.
     */
    static void reducedGaussianBlur(Mat region, double sigma) {
        reducedGaussianBlur(region, region, sigma);
    }

    /** {@link #reducedGaussianBlur(Mat, double)} of {@code region} written to {@code blurred} (made its size). */
    static void reducedGaussianBlur(Mat region, Mat blurred, double sigma) {
        double factor = sigma / REDUCED_SIGMA;
        int width = Math.max(1, (int) Math.round(region.cols() / factor));
        int height = Math.max(1, (int) Math.round(region.rows() / factor));
        try (Mat evenHalving = new Mat(); Mat oddHalving = new Mat(); Mat small = new Mat();
             Size smallSize = new Size(width, height); Size any = new Size(0, 0);
             Size fullSize = new Size(region.cols(), region.rows())) {
            Mat halved = region;
            int halvings = 0;
            while (2.0 * (1 << halvings) <= factor) {
                Mat next = halvings % 2 == 0 ? evenHalving : oddHalving;
                opencv_imgproc.pyrDown(halved, next);
                halved = next;
                halvings++;
            }
            // Variances in reduced pixels: halving i's kernel has variance 1 in its own input's pixels, 4^i in the
            // region's; the area averaging is a box one reduced pixel wide, the bilinear enlargement a tent.
            double halvingVariance = (Math.pow(4, halvings) - 1) / 3 / (factor * factor);
            double ownVariance = halvingVariance + 1.0 / 12 + 1.0 / 6;
            double reducedSigma = Math.sqrt(Math.max(0.25, REDUCED_SIGMA * REDUCED_SIGMA - ownVariance));
            opencv_imgproc.resize(halved, small, smallSize, 0, 0, INTER_AREA);
            GaussianBlur(small, small, any, reducedSigma);
            opencv_imgproc.resize(small, blurred, fullSize, 0, 0, INTER_LINEAR);
        }
    }

    /** The sigma OpenCV gives a Gaussian kernel of side {@code k} when none is named (its getGaussianKernel rule). */
    static double gaussianSigma(int k) {
        return 0.3 * ((k - 1) * 0.5 - 1) + 0.8;
    }

    private static void pixelate(Mat region, int blocksAcross) {
        int w = Math.max(1, Math.min(region.cols(), blocksAcross));
        int h = Math.max(1, (int) Math.round((double) region.rows() * w / region.cols()));
        try (Mat small = new Mat(); Size smallSize = new Size(w, h); Size fullSize = new Size(region.cols(), region.rows())) {
            opencv_imgproc.resize(region, small, smallSize, 0, 0, INTER_AREA);
            opencv_imgproc.resize(small, region, fullSize, 0, 0, INTER_NEAREST);
        }
    }

    private static int odd(int n) {
        return n % 2 == 0 ? n + 1 : n;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
