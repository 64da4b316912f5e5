package dev.veil.deploy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities ("250m", "1", "512Mi", "2Gi", "1G") as numbers, for adding up requests. */
final class Quantities {

    private static final Pattern QUANTITY = Pattern.compile("([0-9.]+)([a-zA-Z]*)");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE), Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.valueOf(1000L)), Map.entry("M", BigDecimal.valueOf(1000_000L)),
            Map.entry("G", BigDecimal.valueOf(1000_000_000L)), Map.entry("Ki", BigDecimal.valueOf(1024L)),
            Map.entry("Mi", BigDecimal.valueOf(1024L * 1024)), Map.entry("Gi", BigDecimal.valueOf(1024L * 1024 * 1024)),
            Map.entry("Ti", BigDecimal.valueOf(1024L * 1024 * 1024 * 1024)));

    private Quantities() {
    }

    static BigDecimal parse(String text) {
        Matcher m = QUANTITY.matcher(text.strip());
        if (!m.matches() || !SUFFIXES.containsKey(m.group(2))) {
            throw new IllegalArgumentException("not a quantity this check knows: " + text);
        }
        return new BigDecimal(m.group(1)).multiply(SUFFIXES.get(m.group(2)));
    }

    static long bytes(String text) {
        return parse(text).longValue();
    }

    static long millicores(String text) {
        return parse(text).multiply(BigDecimal.valueOf(1000)).longValue();
    }
}
