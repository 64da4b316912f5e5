package dev.veil.accuracy;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How truth and candidate files write pixel coordinates: a tenth of a pixel, no trailing zeros. */
final class Rounding {

    private Rounding() {
    }

    static String pixels(double v) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
