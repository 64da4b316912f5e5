package dev.veil.sink;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.stage.FaceBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each mode on real photographs: what it does to the faces, and that it touches nothing else. */
class AnonymizerTest {

    private static final int W = 640;
    private static final int H = 360;
    /** A face box from (0.40, 0.30) to (0.55, 0.70): 96 x 144 pixels at (256, 108). */
    private static final FaceBox FACE = FaceBox.found(0.40f, 0.30f, 0.55f, 0.70f, 0.9f);
    private static final FaceBox ASTRONAUT = Photos.box(Photos.ASTRONAUT_FACE, 512, 512, 0.93f);

    private static Anonymizer anonymizer(AnonymizeMode mode, double margin, MaskShape shape, int blocks) {
        return new Anonymizer(new AnonymizerConfig(mode, mode == AnonymizeMode.BOXES, margin, shape, blocks));
    }

    private static Anonymizer anonymizer(AnonymizeMode mode, double margin) {
        return anonymizer(mode, margin, MaskShape.RECTANGLE, AnonymizerConfig.DEFAULT_PIXELATE_BLOCKS);
    }

    @Test
    void theCoverIsTheBoxWithItsMarginClippedToTheImage() {
        Anonymizer anonymizer = anonymizer(AnonymizeMode.BLUR, 0.25);
        Rect r = anonymizer.coverFor(FACE, W, H);
        assertEquals(List.of(232, 72, 144, 216), List.of(r.x(), r.y(), r.width(), r.height()));

        // 600..640 x 0..45 pixels, grown by 10 and 11.25 pixels, cut at the right and top edges
        FaceBox corner = FaceBox.found(0.9375f, 0f, 1f, 0.125f, 0f);
        Rect c = anonymizer.coverFor(corner, W, H);
        assertEquals(List.of(590, 0, 50, 57), List.of(c.x(), c.y(), c.width(), c.height()));
    }

    @Test
    void blurHidesTheAstronautsFaceAndTouchesNothingElse() throws Exception {
        try (Mat image = Photos.astronaut(); Mat original = image.clone()) {
            List<Rect> covered = anonymizer(AnonymizeMode.BLUR, 0.2).anonymize(image, List.of(ASTRONAUT));

            double before = detail(original, Photos.ASTRONAUT_FACE);
            double after = detail(image, Photos.ASTRONAUT_FACE);
            assertTrue(after < 0.1 * before, "fine detail in the face fell from " + before + " to " + after);
            assertEquals(1, covered.size());
            assertTrue(contains(covered.get(0), Photos.ASTRONAUT_FACE), "the margin is around the face");
            assertEquals(0, changedOutside(original, image, covered.get(0)), "pixels outside the cover are untouched");
        }
    }

    @Test
    void theBlurGrowsWithTheFaceSoALargeFaceIsHiddenToo() throws Exception {
        // The same portrait three times larger: a blur of fixed size would leave this face recognizable.
        try (Mat small = Photos.astronaut(); Mat large = new Mat(); Size size = new Size(1536, 1536)) {
            opencv_imgproc.resize(small, large, size, 0, 0, INTER_CUBIC);
            Rect face = Photos.ASTRONAUT_FACE;
            Rect largeFace = new Rect(face.x() * 3, face.y() * 3, face.width() * 3, face.height() * 3);
            try (Mat original = large.clone()) {
                anonymizer(AnonymizeMode.BLUR, 0.2).anonymize(large, List.of(ASTRONAUT));
                double ratio = detail(large, largeFace) / detail(original, largeFace);
                assertTrue(ratio < 0.1, "large face keeps " + ratio + " of its detail");
            }
        }
    }

    @ParameterizedTest(name = "kernel {0}")
    @ValueSource(ints = {33, 55, 75, 77, 151, 301})
    void aWideBlurOnAReducedCopyIsTheSameGaussian(int kernel) throws Exception {
        // The cover of a face filling a 1536-pixel portrait, blurred directly and on a reduced copy.
        try (Mat small = Photos.astronaut(); Mat large = new Mat(); Size size = new Size(1536, 1536)) {
            opencv_imgproc.resize(small, large, size, 0, 0, INTER_CUBIC);
            Rect face = Photos.ASTRONAUT_FACE;
            try (Rect cover = new Rect(face.x() * 3, face.y() * 3, face.width() * 3, face.height() * 3);
                 Mat exact = large.apply(cover).clone(); Mat reduced = large.apply(cover).clone();
                 Size k = new Size(kernel, kernel)) {
                opencv_imgproc.GaussianBlur(exact, exact, k, 0);
                Anonymizer.reducedGaussianBlur(reduced, Anonymizer.gaussianSigma(kernel));
                double psnr = org.bytedeco.opencv.global.opencv_core.PSNR(exact, reduced);
                assertTrue(psnr > 40, "kernel " + kernel + ": the two blurs differ by PSNR " + psnr + " dB");
                try (Rect whole = new Rect(0, 0, exact.cols(), exact.rows())) {
                    double ratio = detail(reduced, whole) / detail(exact, whole);
                    assertTrue(ratio < 1.5, "no detail left that the direct blur removes: " + ratio);
                }
            }
        }
    }

    /**
     * A group's blur, however it is copied, is the definition: the area around the covers blurred as one, then copied
     * into the covers only through a mask. Checked pixel for pixel on a photo enlarged so that one face needs the
     * reduced blur, for one cover (copied as its rectangle) and for overlapping ones (through the mask).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"one large cover", "one small cover", "three overlapping covers", "small and large"})
    void aGroupsBlurIsTheAreasBlurCopiedIntoItsCoversOnly(String groupName) throws Exception {
        List<int[]> group = switch (groupName) {
            case "one large cover" -> List.of(new int[] {500, 180, 330, 400});
            case "one small cover" -> List.of(new int[] {620, 260, 40, 52});
            case "three overlapping covers" -> List.of(new int[] {500, 180, 330, 400}, new int[] {780, 300, 60, 70},
                    new int[] {820, 340, 200, 90});
            default -> List.of(new int[] {300, 300, 24, 30}, new int[] {310, 320, 180, 200});
        };
        try (Mat small = Photos.astronaut(); Mat image = new Mat(); Size size = new Size(1536, 1536)) {
            opencv_imgproc.resize(small, image, size, 0, 0, INTER_CUBIC);
            try (Mat expected = image.clone()) {
                Anonymizer.blurGroup(image, group);
                maskedBlurOfTheArea(expected, group);
                try (Mat diff = new Mat(); Mat grey = new Mat()) {
                    absdiff(image, expected, diff);
                    cvtColor(diff, grey, COLOR_BGR2GRAY);
                    assertEquals(0, countNonZero(grey), "pixels that differ from the definition");
                }
                try (Mat original = Photos.astronaut(); Mat enlarged = new Mat(); Mat diff = new Mat();
                     Mat grey = new Mat()) {
                    opencv_imgproc.resize(original, enlarged, size, 0, 0, INTER_CUBIC);
                    absdiff(image, enlarged, diff);
                    cvtColor(diff, grey, COLOR_BGR2GRAY);
                    assertTrue(countNonZero(grey) > 0.5 * group.get(0)[2] * group.get(0)[3], "the covers were blurred");
                }
            }
        }
    }

    /** The blur of a group as first written: a copy of the area blurred, then a masked copy into the covers. */
    private static void maskedBlurOfTheArea(Mat image, List<int[]> group) {
        Anonymizer.Area a = Anonymizer.Area.around(group, image.cols(), image.rows());
        try (Rect area = new Rect(a.x(), a.y(), a.width(), a.height()); Mat region = image.apply(area);
             Mat blurred = region.clone()) {
            if (a.kernel() <= Anonymizer.DIRECT_BLUR_MAX_KERNEL) {
                try (Size kernel = new Size(a.kernel(), a.kernel())) {
                    opencv_imgproc.GaussianBlur(region, blurred, kernel, 0);
                }
            } else {
                Anonymizer.reducedGaussianBlur(blurred, Anonymizer.gaussianSigma(a.kernel()));
            }
            try (Scalar none = Scalar.all(0); Mat mask = new Mat(a.height(), a.width(),
                    org.bytedeco.opencv.global.opencv_core.CV_8UC1, none); Scalar on = Scalar.all(255)) {
                for (int[] c : group) {
                    try (Rect cover = new Rect(c[0] - a.x(), c[1] - a.y(), c[2], c[3])) {
                        opencv_imgproc.rectangle(mask, cover, on, opencv_imgproc.FILLED, opencv_imgproc.LINE_8, 0);
                    }
                }
                blurred.copyTo(region, mask);
            }
        }
    }

    @ParameterizedTest(name = "{0} blocks across the face")
    @ValueSource(ints = {4, 8, 12})
    void pixelateLeavesTheConfiguredNumberOfFlatBlocks(int blocks) throws Exception {
        try (Mat image = Photos.astronaut(); Mat original = image.clone()) {
            Rect cover = anonymizer(AnonymizeMode.PIXELATE, 0.2, MaskShape.RECTANGLE, blocks)
                    .anonymize(image, List.of(ASTRONAUT)).get(0);
            try (Mat region = image.apply(cover); Mat before = original.apply(cover)) {
                assertEquals(blocks, runsAlongRow(region, region.rows() / 2),
                        "the middle row of the cover is " + blocks + " runs of one colour each");
                // What is left of the face: one colour per block, where the photo had thousands.
                int blocksDown = (int) Math.ceil((double) blocks * region.rows() / region.cols());
                int colours = distinctColours(region);
                assertTrue(colours <= blocks * blocksDown, colours + " colours in " + blocks + "x" + blocksDown + " blocks");
                assertTrue(distinctColours(before) > 50 * blocks * blocksDown, "the face had far more");
            }
            assertEquals(0, changedOutside(original, image, cover));
        }
    }

    @Test
    void fillLeavesNothingOfTheFace() throws Exception {
        try (Mat image = Photos.astronaut(); Mat original = image.clone()) {
            List<Rect> covered = anonymizer(AnonymizeMode.FILL, 0.1).anonymize(image, List.of(ASTRONAUT));
            try (Mat region = image.apply(covered.get(0)); Mat mean = new Mat(); Mat std = new Mat()) {
                meanStdDev(region, mean, std);
                assertEquals(0.0, std.ptr(0).getDouble(), 1e-9, "one flat colour");
                assertEquals(128.0, mean.ptr(0).getDouble(), 1e-9);
            }
            assertEquals(0, changedOutside(original, image, covered.get(0)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BLUR", "PIXELATE", "FILL"})
    void anEllipseMaskTreatsTheInscribedEllipseOnly(String modeName) throws Exception {
        AnonymizeMode mode = AnonymizeMode.valueOf(modeName);
        try (Mat image = Photos.astronaut(); Mat original = image.clone()) {
            Rect cover = anonymizer(mode, 0.3, MaskShape.ELLIPSE, 8).anonymize(image, List.of(ASTRONAUT)).get(0);

            // The face's middle is inside the ellipse: its detail is gone.
            Rect middle = new Rect(cover.x() + cover.width() / 4, cover.y() + cover.height() / 4, cover.width() / 2,
                    cover.height() / 2);
            assertTrue(detail(image, middle) < 0.2 * detail(original, middle), mode + " hides the middle");
            // The corners of the rectangle are outside the ellipse: untouched.
            int cx = Math.max(1, cover.width() / 10);
            int cy = Math.max(1, cover.height() / 10);
            for (Rect corner : List.of(new Rect(cover.x(), cover.y(), cx, cy),
                    new Rect(cover.x() + cover.width() - cx, cover.y() + cover.height() - cy, cx, cy))) {
                assertEquals(0, changedInside(original, image, corner), mode + " leaves the corners as they were");
            }
            assertEquals(0, changedOutside(original, image, cover));
        }
    }

    @Test
    void boxesOnlyDrawsTheOutlineAndScoreAndHidesNothing() throws Exception {
        try (Mat image = Photos.astronaut(); Mat original = image.clone()) {
            Rect cover = anonymizer(AnonymizeMode.BOXES, 0.2).anonymize(image, List.of(ASTRONAUT)).get(0);

            // The outline: the cover's edge is drawn in pure green.
            try (Mat region = image.apply(cover)) {
                int midRow = region.rows() / 2;
                assertEquals(List.of(0, 255, 0), bgr(region, midRow, 0), "left edge");
                assertEquals(List.of(0, 255, 0), bgr(region, midRow, region.cols() - 1), "right edge");
                assertEquals(List.of(0, 255, 0), bgr(region, region.rows() - 1, region.cols() / 2), "bottom edge");
            }
            // The score's label, top left inside the cover, changed pixels there.
            Rect label = new Rect(cover.x() + 4, cover.y() + 4, 20, 10);
            assertTrue(changedInside(original, image, label) > 0, "the score is written");
            // The face below the label is exactly as it was: this mode shows faces.
            Rect face = Photos.ASTRONAUT_FACE;
            Rect lowerFace = new Rect(face.x() + 8, face.y() + face.height() / 3, face.width() - 16, face.height() / 2);
            assertEquals(0, changedInside(original, image, lowerFace), "the face itself is not touched");
            assertEquals(0, changedOutside(original, image, cover));
        }
    }

    @Test
    void boxesOnlyCannotBeChosenByTheModeAlone() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> new AnonymizerConfig(AnonymizeMode.BOXES, false, 0.2, MaskShape.RECTANGLE, 8));
        assertTrue(refused.getMessage().contains("VEIL_DEBUG_SHOW_FACES=true"), refused.getMessage());
    }

    @Test
    void aCrowdIsBlurredEveryFaceLosingItsDetailAndNothingElse() throws Exception {
        // Sixty "faces" of 16 to 56 px in a grid over the middle of the portrait (head, suit, flag: detail to lose),
        // most covers overlapping their neighbours'.
        try (Mat image = Photos.astronaut(); Mat original = image.clone()) {
            List<FaceBox> faces = new ArrayList<>();
            List<Rect> boxes = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int side = 16 + (i % 5) * 10;
                Rect box = new Rect(60 + (i % 10) * 36, 60 + (i / 10) * 60, side, side + 4);
                boxes.add(box);
                faces.add(Photos.box(box, image.cols(), image.rows(), 0.9f));
            }
            Anonymizer crowd = anonymizer(AnonymizeMode.BLUR, 0.2);

            assertEquals(60, crowd.hide(image, faces));

            // Boxes on the plain studio backdrop have almost no detail to lose (their ratio is noise): judged are those
            // with at least a quarter of the real face's detail.
            double faceDetail = detail(original, Photos.ASTRONAUT_FACE);
            int judged = 0;
            for (Rect box : boxes) {
                if (detail(original, box) < 0.25 * faceDetail) {
                    continue;
                }
                judged++;
                assertTrue(detail(image, box) <= 0.2 * detail(original, box), "face at " + box.x() + "," + box.y()
                        + " keeps " + detail(image, box) / detail(original, box) + " of its detail");
            }
            assertTrue(judged >= 20, "judged " + judged + " boxes with detail");
            try (Mat diff = new Mat(); Mat grey = new Mat()) {
                absdiff(original, image, diff);
                for (FaceBox face : faces) {
                    try (Rect c = crowd.coverFor(face, image.cols(), image.rows()); Mat inside = diff.apply(c);
                         Scalar zero = new Scalar(0, 0, 0, 0)) {
                        inside.put(zero);
                    }
                }
                cvtColor(diff, grey, COLOR_BGR2GRAY);
                assertEquals(0, countNonZero(grey), "nothing outside the covers changed");
            }
        }
    }

    @Test
    void aVeryWideCoverIsBlurredAcrossItsWholeWidthAndNoFurther() throws Exception {
        // 5000 x 40 pixels of noise, one face over most of it.
        try (Mat image = new Mat(40, 5000, CV_8UC3); Mat original = new Mat()) {
            byte[] noise = new byte[40 * 5000 * 3];
            new Random(5).nextBytes(noise);
            image.data().put(noise);
            image.copyTo(original);
            FaceBox wide = FaceBox.found(0.01f, 0.25f, 0.99f, 0.75f, 0.9f);
            Anonymizer blur = anonymizer(AnonymizeMode.BLUR, 0.0);

            assertEquals(1, blur.hide(image, List.of(wide)));

            try (Rect cover = blur.coverFor(wide, image.cols(), image.rows()); Mat diff = new Mat();
                 Mat grey = new Mat()) {
                assertEquals(List.of(50, 10, 4900, 20), List.of(cover.x(), cover.y(), cover.width(), cover.height()));
                absdiff(original, image, diff);
                cvtColor(diff, grey, COLOR_BGR2GRAY);
                for (int x : new int[]{50, 4095, 4096, 4097, 4949}) {
                    try (Rect column = new Rect(x, 10, 1, 20); Mat inside = grey.apply(column)) {
                        assertTrue(countNonZero(inside) >= 18, "column " + x + " of the cover was blurred");
                    }
                }
                try (Scalar zero = new Scalar(0, 0, 0, 0); Mat inside = diff.apply(cover)) {
                    inside.put(zero);
                }
                cvtColor(diff, grey, COLOR_BGR2GRAY);
                assertEquals(0, countNonZero(grey), "nothing outside the cover changed");
            }
        }
    }

    @Test
    void coversAreGroupedByOverlapAsConnectedSetsInTheOrderGiven() {
        Random random = new Random(17);
        for (int round = 0; round < 50; round++) {
            List<int[]> covers = new ArrayList<>();
            int n = 1 + random.nextInt(300);
            for (int i = 0; i < n; i++) {
                int w = 1 + random.nextInt(random.nextInt(10) == 0 ? 300 : 40);
                int h = 1 + random.nextInt(60);
                covers.add(new int[]{random.nextInt(1280 - w), random.nextInt(720 - h), w, h});
            }
            assertEquals(groupsByWalking(covers), Anonymizer.overlapping(covers), "round " + round);
        }
    }

    @Test
    void aLongChainOfOverlappingCoversIsOneGroup() {
        // Each cover overlaps only the next: as a crowd's covers join, one group grows by one cover at a time.
        List<int[]> covers = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            covers.add(new int[]{i, (i % 2) * 5, 2, 10});
        }
        List<List<int[]>> groups = Anonymizer.overlapping(covers);

        assertEquals(1, groups.size());
        assertEquals(covers, groups.get(0));
    }

    /** Groups found the plain way: from each cover not yet grouped, everything reachable through overlaps. */
    private static List<List<int[]>> groupsByWalking(List<int[]> covers) {
        int n = covers.size();
        int[] group = new int[n];
        java.util.Arrays.fill(group, -1);
        List<List<Integer>> members = new ArrayList<>();
        for (int start = 0; start < n; start++) {
            if (group[start] >= 0) {
                continue;
            }
            List<Integer> found = new ArrayList<>(List.of(start));
            group[start] = members.size();
            for (int k = 0; k < found.size(); k++) {
                int[] a = covers.get(found.get(k));
                for (int j = 0; j < n; j++) {
                    int[] b = covers.get(j);
                    if (group[j] < 0 && a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3]
                            && b[1] < a[1] + a[3]) {
                        group[j] = members.size();
                        found.add(j);
                    }
                }
            }
            found.sort(null);
            members.add(found);
        }
        List<List<int[]>> groups = new ArrayList<>();
        for (List<Integer> m : members) {
            groups.add(m.stream().map(covers::get).toList());
        }
        return groups;
    }

    @Test
    void twoOverlappingCoversOfOneFaceLeaveNoSeamAcrossIt() throws Exception {
        // A face found, and the same face held a little to its left (the tracker's box): blurred one after the other,
        // the second blur's edge would cut across the face as a hard line, which is detail.
        try (Mat image = Photos.astronaut(); Mat original = image.clone()) {
            Rect face = Photos.ASTRONAUT_FACE;
            Rect shifted = new Rect(face.x() - face.width() / 3, face.y(), face.width(), face.height());
            List<FaceBox> faces = List.of(Photos.box(face, image.cols(), image.rows(), 0.9f),
                    Photos.box(shifted, image.cols(), image.rows(), 0.9f));

            anonymizer(AnonymizeMode.BLUR, 0.2).hide(image, faces);

            try (Mat oneByOne = original.clone()) {
                for (FaceBox d : faces) {
                    anonymizer(AnonymizeMode.BLUR, 0.2).hide(oneByOne, List.of(d));
                }
                assertTrue(detail(image, face) < 0.1 * detail(original, face), "the face lost its detail");
                assertTrue(detail(image, face) < detail(oneByOne, face), "one blur leaves less than two: "
                        + detail(image, face) + " against " + detail(oneByOne, face));
            }
        }
    }

    @Test
    void bothOfZidanesFacesAreHiddenAndTheRestIsNot() throws Exception {
        try (Mat image = Photos.zidane(); Mat original = image.clone()) {
            List<FaceBox> faces = new ArrayList<>();
            for (Rect f : Photos.ZIDANE_FACES) {
                faces.add(Photos.box(f, image.cols(), image.rows(), 0.9f));
            }
            List<Rect> covered = anonymizer(AnonymizeMode.BLUR, 0.2).anonymize(image, faces);
            for (Rect f : Photos.ZIDANE_FACES) {
                assertTrue(detail(image, f) < 0.1 * detail(original, f), "face at " + f.x() + "," + f.y());
            }
            try (Mat diff = new Mat(); Mat grey = new Mat()) {
                absdiff(original, image, diff);
                for (Rect c : covered) {
                    try (Mat inside = diff.apply(c); Scalar zero = new Scalar(0, 0, 0, 0)) {
                        inside.put(zero);
                    }
                }
                cvtColor(diff, grey, COLOR_BGR2GRAY);
                assertEquals(0, countNonZero(grey), "nothing outside the two covers changed");
            }
        }
    }

    @Test
    void theWholeFrameFallbackLeavesNoDetailAnywhere() throws Exception {
        try (Mat image = Photos.astronaut(); Mat original = image.clone()) {
            dev.veil.frame.WholeFrameFallback.apply(image);
            Rect all = new Rect(0, 0, image.cols(), image.rows());
            assertTrue(detail(image, all) < 0.02 * detail(original, all));
            assertTrue(detail(image, Photos.ASTRONAUT_FACE) < 0.02 * detail(original, Photos.ASTRONAUT_FACE));
        }
    }

    /** Random pixels: the most detail a picture can have (for tests where a photograph's content does not matter). */
    static Mat noise() {
        byte[] pixels = new byte[W * H * 3];
        new Random(42).nextBytes(pixels);
        Mat image = new Mat(H, W, CV_8UC3);
        image.data().put(pixels);
        return image;
    }

    /** Variance of the Laplacian of the grey image inside {@code r}: how much fine detail is there. */
    static double detail(Mat bgr, Rect r) {
        try (Mat region = bgr.apply(r); Mat grey = new Mat(); Mat lap = new Mat(); Mat mean = new Mat(); Mat std = new Mat()) {
            cvtColor(region, grey, COLOR_BGR2GRAY);
            Laplacian(grey, lap, CV_16S);
            meanStdDev(lap, mean, std);
            double s = std.ptr(0).getDouble();
            return s * s;
        }
    }

    /** Pixels that differ between the images outside {@code cover}. */
    static int changedOutside(Mat a, Mat b, Rect cover) {
        try (Mat diff = new Mat(); Mat grey = new Mat()) {
            absdiff(a, b, diff);
            try (Mat inside = diff.apply(cover); Scalar zero = new Scalar(0, 0, 0, 0)) {
                inside.put(zero);
            }
            cvtColor(diff, grey, COLOR_BGR2GRAY);
            return countNonZero(grey);
        }
    }

    /** Pixels that differ between the images inside {@code area}. */
    static int changedInside(Mat a, Mat b, Rect area) {
        try (Mat ra = a.apply(area); Mat rb = b.apply(area); Mat diff = new Mat(); Mat grey = new Mat()) {
            absdiff(ra, rb, diff);
            cvtColor(diff, grey, COLOR_BGR2GRAY);
            return countNonZero(grey);
        }
    }

    private static boolean contains(Rect outer, Rect inner) {
        return outer.x() <= inner.x() && outer.y() <= inner.y() && outer.x() + outer.width() >= inner.x() + inner.width()
                && outer.y() + outer.height() >= inner.y() + inner.height();
    }

    private static List<Integer> bgr(Mat image, int row, int col) {
        return List.of(image.ptr(row, col).get(0) & 0xff, image.ptr(row, col).get(1) & 0xff,
                image.ptr(row, col).get(2) & 0xff);
    }

    private static int distinctColours(Mat image) {
        java.util.Set<List<Integer>> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.rows(); y++) {
            for (int x = 0; x < image.cols(); x++) {
                colours.add(bgr(image, y, x));
            }
        }
        return colours.size();
    }

    /** Runs of identical pixels along a row. */
    private static int runsAlongRow(Mat image, int row) {
        int runs = 1;
        for (int x = 1; x < image.cols(); x++) {
            if (!bgr(image, row, x).equals(bgr(image, row, x - 1))) {
                runs++;
            }
        }
        return runs;
    }
}
