package dev.tally.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The picture of a {@link Timeline} (JFreeChart): above, one line per series of events per bin; below, the
 * chosen metadata key summed per bin. Colours are fixed, one per series, so that people can tell series apart and
 * tests can find each in the image; lines are drawn without anti-aliasing for the same reason.
 */
final class TimelineChart {
    /** Colours of the named series, in order (Tableau 10). */
    static final Color[] SERIES = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759),
        new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7)};
    /** The colour of the series of every other name. */
    static final Color OTHER = new Color(0xBAB0AC);
    /** The colour of the summed key. */
    static final Color KEY = new Color(0x9C755F);

    private TimelineChart() {
    }

    static JFreeChart of(Timeline t, String title) {
        String unit = t.unit().isEmpty() ? "time quanta" : t.unit();
        NumberAxis time = axis("time (" + unit + ")");
        time.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);

        XYSeriesCollection rates = new XYSeriesCollection();
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < t.series().size(); s++) {
            XYSeries xs = new XYSeries(t.series().get(s), false, true);
            for (int b = 0; b < t.bins(); b++) {
                xs.add(t.binStart(b) + t.binWidth() / 2, t.count(s, b), false);
            }
            rates.addSeries(xs);
            String name = t.series().get(s);
            lines.setSeriesPaint(s, name.equals(Timeline.OTHER) ? OTHER : SERIES[s % SERIES.length]);
            lines.setSeriesStroke(s, new BasicStroke(2f));
        }
        NumberAxis perBin = axis("events per " + compact().format(t.binWidth()) + " " + unit);
        perBin.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // counts: no half events
        plot.add(styled(new XYPlot(rates, null, perBin, lines)), 3);

        if (t.key() != null) {
            XYSeriesCollection sums = new XYSeriesCollection();
            XYSeries xs = new XYSeries(t.key() + " (sum per bin)", false, true);
            for (int b = 0; b < t.bins(); b++) {
                xs.add(t.binStart(b) + t.binWidth() / 2, t.sum(b), false);
            }
            sums.addSeries(xs);
            XYLineAndShapeRenderer sumLine = new XYLineAndShapeRenderer(true, false);
            sumLine.setSeriesPaint(0, KEY);
            sumLine.setSeriesStroke(0, new BasicStroke(2f));
            plot.add(styled(new XYPlot(sums, null, axis(t.key() + " per bin"), sumLine)), 2);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(false);
        chart.setTextAntiAlias(true);
        return chart;
    }

    private static XYPlot styled(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(new Color(0xDDDDDD));
        p.setRangeGridlinePaint(new Color(0xDDDDDD));
        return p;
    }

    /** An axis whose ticks read 750M, 1.5K, 0.25 rather than 7.5E8. */
    private static NumberAxis axis(String label) {
        NumberAxis a = new NumberAxis(label);
        a.setNumberFormatOverride(compact());
        return a;
    }

    private static NumberFormat compact() {
        return new Compact();
    }

    /** Below a thousand as it is (0.25, 12.5); above, Java's short compact form (1.5K, 750M). */
    private static final class Compact extends NumberFormat {
        private static final long serialVersionUID = 1L;
        private final NumberFormat small = new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.US));
        private final NumberFormat large = NumberFormat.getCompactNumberInstance(Locale.US, NumberFormat.Style.SHORT);

        Compact() {
            large.setMaximumFractionDigits(3);
        }

        @Override
        public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            return (Math.abs(v) < 1000 ? small : large).format(v, to, pos);
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
            return (Math.abs(v) < 1000 ? small : large).format(v, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            return small.parse(source, pos);
        }
    }
}
