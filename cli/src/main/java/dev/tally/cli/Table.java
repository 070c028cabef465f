package dev.tally.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table for people: a header row, then rows; numbers right-aligned, text left-aligned. */
final class Table {
    private final List<String> header;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** Columns named {@code header}; a name starting with '>' is right-aligned (the '>' is not shown). */
    Table(String... header) {
        this.header = new ArrayList<>();
        this.rightAligned = new boolean[header.length];
        for (int i = 0; i < header.length; i++) {
            rightAligned[i] = header[i].startsWith(">");
            this.header.add(rightAligned[i] ? header[i].substring(1) : header[i]);
        }
    }

    Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        line(out, header, width);
        for (List<String> r : rows) {
            line(out, r, width);
        }
        out.flush();
    }

    private void line(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append("  ");
            }
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            b.append(rightAligned[i] ? pad + c : c + (i == cells.size() - 1 ? "" : pad));
        }
        out.println(b.toString().stripTrailing());
    }

    /** A count of events per second for people: {@code 950 K/s}, {@code 1.25 M/s}. */
    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format("%.2f M/s", perSecond / 1e6);
        } else if (perSecond >= 1e3) {
            return String.format("%.0f K/s", perSecond / 1e3);
        }
        return String.format("%.0f /s", perSecond);
    }

    /** A byte count for people: {@code 151.2 MB}. */
    static String bytes(long n) {
        if (n >= 1_000_000_000L) {
            return String.format("%.2f GB", n / 1e9);
        } else if (n >= 1_000_000) {
            return String.format("%.1f MB", n / 1e6);
        } else if (n >= 1_000) {
            return String.format("%.1f kB", n / 1e3);
        }
        return n + " B";
    }
}
