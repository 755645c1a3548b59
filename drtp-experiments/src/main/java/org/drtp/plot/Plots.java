package org.drtp.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.drtp.io.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Draws a {@link Chart} with JFreeChart: one line per series and a translucent band from mean - std to
 * mean + std (a {@link DeviationRenderer}), a fixed colour per series position so that a rule keeps its
 * colour across the charts of one experiment. Files are written atomically.
 */
public final class Plots {

    /** Tick labels with three significant digits, for log axes whose ticks fall between powers of ten. */
    private static final java.text.NumberFormat SIGNIFICANT = new java.text.NumberFormat() {
        @Override
        public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) {
            return to.append(new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString());
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) {
            return to.append(v);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            throw new UnsupportedOperationException("tick labels are only written");
        }
    };


    public static final int WIDTH = 760;
    public static final int HEIGHT = 440;

    /** Colour-blind-friendly palette (Okabe and Ito 2008). */
    private static final Color[] PALETTE = {new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115),
            new Color(204, 121, 167), new Color(213, 94, 0), new Color(86, 180, 233), new Color(0, 0, 0),
            new Color(240, 228, 66)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Rules keep their colour on every chart, whichever rules a chart shows. */
    private static final java.util.List<String> KNOWN = java.util.List.of("BP", "FA", "DFA", "sDFA", "DRTP", "Shallow");

    private Plots() {
    }

    private static Color colour(String label, int index) {
        int k = KNOWN.indexOf(label);
        return PALETTE[(k >= 0 ? k : index) % PALETTE.length];
    }

    /** Dash patterns for the second and third pass through the palette (a 24-cell grid stays readable). */
    private static final float[][] DASHES = {null, {8f, 4f}, {2f, 3f}};

    private static BasicStroke stroke(String label, int index) {
        int k = KNOWN.indexOf(label);
        float[] dash = DASHES[((k >= 0 ? k : index) / PALETTE.length) % DASHES.length];
        return dash == null ? new BasicStroke(2f)
                : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }

    /** The JFreeChart of a chart description. */
    public static JFreeChart toJFreeChart(Chart c) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        boolean log = c.logY();
        for (Series s : c.series()) {
            YIntervalSeries ys = new YIntervalSeries(s.label(), false, true);
            for (int i = 0; i < s.x().length; i++) {
                double m = s.mean()[i];
                if (Double.isNaN(m) || Double.isNaN(s.x()[i]) || (log && !(m > 0))) {
                    continue;
                }
                double sd = s.std() == null || Double.isNaN(s.std()[i]) ? 0 : s.std()[i];
                double lo = m - sd;
                if (log && !(lo > 0)) {
                    lo = m / 10; // a band reaching zero cannot be drawn on a log axis: cut it at a decade below
                }
                ys.add(s.x()[i], m, lo, m + sd);
            }
            data.addSeries(ys);
        }
        NumberAxis x = new NumberAxis(c.xLabel());
        x.setAutoRangeIncludesZero(false);
        if (integerX(c)) {
            x.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // epochs: no "1.5" ticks
        }
        org.jfree.chart.axis.ValueAxis y;
        if (log) {
            LogAxis la = new LogAxis(c.yLabel());
            la.setSmallestValue(1e-12);
            la.setNumberFormatOverride(SIGNIFICANT); // "0.501", not JFreeChart's default "10^-0.3"
            y = la;
        } else {
            NumberAxis na = new NumberAxis(c.yLabel());
            na.setAutoRangeIncludesZero(false);
            y = na;
        }
        DeviationRenderer r = new DeviationRenderer(true, false);
        for (int i = 0; i < c.series().size(); i++) {
            Color col = colour(c.series().get(i).label(), i);
            r.setSeriesPaint(i, col);
            r.setSeriesFillPaint(i, col);
            r.setSeriesStroke(i, stroke(c.series().get(i).label(), i));
        }
        r.setAlpha(0.18f);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        if (!Double.isNaN(c.yMarker())) {
            ValueMarker mk = new ValueMarker(c.yMarker(), Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            plot.addRangeMarker(mk);
        }
        if (!log && (Double.isFinite(c.yMin()) || Double.isFinite(c.yMax()))) {
            y.setAutoRange(true);
            org.jfree.data.Range auto = data.getSeriesCount() == 0 ? new org.jfree.data.Range(0, 1)
                    : plot.getDataRange(y);
            double lo = Double.isFinite(c.yMin()) ? c.yMin() : auto == null ? 0 : auto.getLowerBound();
            double hi = Double.isFinite(c.yMax()) ? c.yMax() : auto == null ? 1 : Math.max(auto.getUpperBound(),
                    Double.isNaN(c.yMarker()) ? lo : c.yMarker()) * 1.05;
            y.setRange(lo, hi > lo ? hi : lo + 1);
        }
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setTitle(new TextTitle(c.title(), new Font(Font.SANS_SERIF, Font.BOLD, 14)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** True when every x value is a whole number (epochs, example counts). */
    private static boolean integerX(Chart c) {
        for (Series s : c.series()) {
            for (double v : s.x()) {
                if (v != Math.rint(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** PNG bytes. */
    public static byte[] png(Chart c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, toJFreeChart(c), WIDTH, HEIGHT);
        return out.toByteArray();
    }

    /** A standalone SVG document. */
    public static String svg(Chart c) {
        return draw(c).getSVGDocument();
    }

    /**
     * An {@code <svg>} element to inline in HTML: its id and its definitions (clip paths, gradients) are
     * prefixed with the chart id, so several charts can share one page; a view box lets CSS scale it.
     */
    public static String svgElement(Chart c) {
        return draw(c).getSVGElement("svg-" + c.id(), true, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    }

    private static SVGGraphics2D draw(Chart c) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        // A fixed prefix (the default one is time-based) keeps files reproducible and ids unique per chart.
        g.setDefsKeyPrefix(c.id().replaceAll("[^A-Za-z0-9_-]", "_") + "_");
        toJFreeChart(c).draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g;
    }

    /** Writes {@code dir/<id>.png} and {@code dir/<id>.svg}; returns the two paths. */
    public static List<Path> write(Chart c, Path dir) throws IOException {
        Path png = dir.resolve(c.id() + ".png");
        Path svg = dir.resolve(c.id() + ".svg");
        AtomicFiles.write(png, png(c));
        AtomicFiles.write(svg, svg(c).getBytes(StandardCharsets.UTF_8));
        return List.of(png, svg);
    }
}
