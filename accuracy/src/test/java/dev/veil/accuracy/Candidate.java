package dev.veil.accuracy;

/**
 * A face one or both references found, before review. Scores are {@code NaN} for the reference that did not find
 * it. The id numbers the photo's candidates for the review sheets.
 */
record Candidate(int id, Box box, FaceSource source, double yunetScore, double yoloScore) {

    static final String COLUMNS = "id,x_min,y_min,x_max,y_max,source,yunet_score,yolo_score";

    String csv() {
        return id + "," + Rounding.pixels(box.xMin()) + "," + Rounding.pixels(box.yMin()) + ","
                + Rounding.pixels(box.xMax()) + "," + Rounding.pixels(box.yMax()) + "," + source.csvName() + ","
                + score(yunetScore) + "," + score(yoloScore);
    }

    private static String score(double s) {
        return Double.isNaN(s) ? "-" : String.format(java.util.Locale.ROOT, "%.3f", s);
    }
}
