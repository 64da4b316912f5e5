package dev.veil.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** The benchmark's pictures, drawn with Java2D (no plotting library, nothing fetched): grouped bars and lines. */
final class BenchChart {

    private static final Color[] PALETTE = {new Color(0x2b6cb0), new Color(0xdd6b20), new Color(0x38a169),
        new Color(0x805ad5), new Color(0xc53030)};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 460;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 50;
    private static final int BOTTOM = 110;

    /** A named series of values, one per group (bars) or one per x (lines); NaN leaves a gap. */
    record Series(String name, double[] values) {
    }

    private BenchChart() {
    }

    static void bars(Path file, String title, String unit, List<String> groups, List<Series> series) throws IOException {
        double max = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.values()))
                .filter(Double::isFinite).max().orElse(1);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image, title);
        double top = niceCeiling(max);
        axes(g, top, unit);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int groupWidth = plotWidth / groups.size();
        int barWidth = Math.max(4, (groupWidth - 30) / series.size());
        FontMetrics fm = g.getFontMetrics();
        for (int gi = 0; gi < groups.size(); gi++) {
            int x0 = LEFT + gi * groupWidth + 15;
            for (int si = 0; si < series.size(); si++) {
                double v = series.get(si).values()[gi];
                if (!Double.isFinite(v)) {
                    continue;
                }
                int h = (int) Math.round((HEIGHT - TOP - BOTTOM) * v / top);
                int x = x0 + si * barWidth;
                g.setColor(PALETTE[si % PALETTE.length]);
                g.fillRect(x, HEIGHT - BOTTOM - h, barWidth - 3, h);
                g.setColor(Color.DARK_GRAY);
                String label = v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
                g.drawString(label, x + (barWidth - 3 - fm.stringWidth(label)) / 2, HEIGHT - BOTTOM - h - 3);
            }
            g.setColor(Color.BLACK);
            String name = groups.get(gi);
            g.drawString(name, LEFT + gi * groupWidth + (groupWidth - fm.stringWidth(name)) / 2, HEIGHT - BOTTOM + 18);
        }
        legend(g, series);
        finish(image, g, file);
    }

    static void lines(Path file, String title, String xUnit, String yUnit, double[] x, List<Series> series)
            throws IOException {
        double max = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.values()))
                .filter(Double::isFinite).max().orElse(1);
        double xMax = x.length == 0 ? 1 : x[x.length - 1];
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image, title);
        double top = niceCeiling(max);
        axes(g, top, yUnit);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        g.setColor(Color.BLACK);
        for (int i = 0; i <= 6; i++) {
            double xv = xMax * i / 6;
            int px = LEFT + (int) Math.round(plotWidth * i / 6.0);
            g.drawLine(px, HEIGHT - BOTTOM, px, HEIGHT - BOTTOM + 4);
            g.drawString(String.format(Locale.ROOT, "%.0f", xv), px - 8, HEIGHT - BOTTOM + 18);
        }
        g.drawString(xUnit, LEFT + plotWidth / 2 - 20, HEIGHT - BOTTOM + 36);
        g.setStroke(new BasicStroke(2f));
        for (int si = 0; si < series.size(); si++) {
            g.setColor(PALETTE[si % PALETTE.length]);
            double[] v = series.get(si).values();
            for (int i = 1; i < v.length && i < x.length; i++) {
                if (!Double.isFinite(v[i - 1]) || !Double.isFinite(v[i])) {
                    continue;
                }
                g.drawLine(LEFT + (int) Math.round(plotWidth * x[i - 1] / xMax),
                        HEIGHT - BOTTOM - (int) Math.round(plotHeight * v[i - 1] / top),
                        LEFT + (int) Math.round(plotWidth * x[i] / xMax),
                        HEIGHT - BOTTOM - (int) Math.round(plotHeight * v[i] / top));
            }
        }
        g.setStroke(new BasicStroke(1f));
        legend(g, series);
        finish(image, g, file);
    }

    private static Graphics2D start(BufferedImage image, String title) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static void axes(Graphics2D g, double top, String unit) {
        int plotHeight = HEIGHT - TOP - BOTTOM;
        for (int i = 0; i <= 5; i++) {
            int y = HEIGHT - BOTTOM - plotHeight * i / 5;
            g.setColor(new Color(0xe2e8f0));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, top >= 10 ? "%.0f" : "%.1f", top * i / 5);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
        g.drawString(unit, 8, TOP - 10);
    }

    /** Under the plot, left to right, on as many lines as the names need. */
    private static void legend(Graphics2D g, List<Series> series) {
        int x = LEFT;
        int y = HEIGHT - BOTTOM + 58;
        for (int si = 0; si < series.size(); si++) {
            int width = 28 + g.getFontMetrics().stringWidth(series.get(si).name());
            if (x > LEFT && x + width > WIDTH - RIGHT) {
                x = LEFT;
                y += 16;
            }
            g.setColor(PALETTE[si % PALETTE.length]);
            g.fillRect(x, y - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(series.get(si).name(), x + 16, y);
            x += width;
        }
    }

    private static void finish(BufferedImage image, Graphics2D g, Path file) throws IOException {
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (max * 1.08 <= step * magnitude) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
