package io.harnessgym.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small inline SVG plots for the report page (no script, no network: the page opens anywhere): a
 * strip of per-trial values per arm, and bars with interval whiskers. Every text is escaped.
 */
final class Svg {
    static final Map<String, String> COLORS = Map.of("plain", "#1f77b4", "harnessed", "#d62728");
    private static final int W = 640;
    private static final int H = 220;
    private static final int LEFT = 150;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private Svg() {}

    /** One value per trial, per arm: a row of dots for each arm, on one shared axis. */
    record Point(String label, double value) {}

    static String strip(String title, Map<String, List<Point>> byArm) {
        List<Double> all = new ArrayList<>();
        byArm.values().forEach(points -> points.forEach(p -> all.add(p.value())));
        double[] range = range(all);
        StringBuilder svg = open(title);
        axis(svg, range);
        int rows = Math.max(1, byArm.size());
        int row = 0;
        for (Map.Entry<String, List<Point>> entry : byArm.entrySet()) {
            double y = TOP + (row + 0.5) * (H - TOP - BOTTOM) / rows;
            svg.append(text(8, y + 4, entry.getKey(), "start"));
            int k = 0;
            for (Point p : entry.getValue()) {
                double x = x(p.value(), range);
                // A little vertical spread, so equal values stay countable.
                double dy = ((k++ % 5) - 2) * 4.0;
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\" fill-opacity=\"0.85\"><title>%s</title></circle>",
                                x,
                                y,
                                color(entry.getKey()),
                                escape(p.label() + ": " + number(p.value()))));
            }
            row++;
        }
        return svg.append("</svg>").toString();
    }

    /** A bar per category and arm, with a whisker for its interval (null: none). */
    record Bar(String category, String arm, double value, Double low, Double high) {}

    static String bars(String title, List<Bar> bars, Double max) {
        List<Double> all = new ArrayList<>();
        all.add(0.0);
        for (Bar b : bars) {
            all.add(b.value());
            if (b.high() != null) {
                all.add(b.high());
            }
        }
        if (max != null) {
            all.add(max);
        }
        double[] range = range(all);
        range[0] = 0;
        StringBuilder svg = open(title);
        double band = (double) (H - TOP - BOTTOM) / Math.max(1, bars.size());
        axis(svg, range);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double y = TOP + i * band;
            double width = x(b.value(), range) - LEFT;
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                            LEFT,
                            y + band * 0.15,
                            Math.max(2, width),
                            band * 0.7,
                            color(b.arm()),
                            escape(b.category() + " " + b.arm() + ": " + number(b.value()))));
            svg.append(
                    text(LEFT - 4, y + band / 2 + 4, shorten(b.category() + " " + b.arm()), "end"));
            if (b.low() != null && b.high() != null) {
                double cy = y + band / 2;
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#222\" stroke-width=\"2\"/>",
                                x(b.low(), range),
                                x(b.high(), range),
                                cy,
                                cy));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">",
                        W,
                        H,
                        W,
                        H));
        svg.append("<title>").append(escape(title)).append("</title>");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        svg.append(text(W / 2.0, 18, title, "middle"));
        return svg;
    }

    private static void axis(StringBuilder svg, double[] range) {
        double y = H - BOTTOM;
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>",
                        LEFT,
                        W - RIGHT,
                        y,
                        y));
        for (int i = 0; i <= 4; i++) {
            double v = range[0] + i * (range[1] - range[0]) / 4;
            svg.append(text(x(v, range), y + 16, number(v), "middle"));
        }
    }

    private static double[] range(List<Double> values) {
        double lo = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double hi = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (hi == lo) {
            hi = lo + 1;
            lo = lo - 1 < 0 && lo >= 0 ? 0 : lo - 1;
        }
        return new double[] {lo, hi};
    }

    private static double x(double v, double[] range) {
        return LEFT + (v - range[0]) / (range[1] - range[0]) * (W - LEFT - RIGHT);
    }

    private static String text(double x, double y, String s, String anchor) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" font-family=\"sans-serif\" font-size=\"12\" text-anchor=\"%s\">%s</text>",
                x,
                y,
                anchor,
                escape(s));
    }

    static String color(String arm) {
        return COLORS.getOrDefault(arm, "#555555");
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String shorten(String s) {
        return s.length() > 22 ? s.substring(0, 21) + "…" : s;
    }

    /** XML text and attribute escaping, with control characters dropped. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
