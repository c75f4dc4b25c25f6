package io.harnessgym.cli;

import io.harnessgym.text.Terminal;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: columns padded to their widest cell, the last column cut to fit the terminal
 * width ({@code COLUMNS}, default 120). Each row may carry note lines printed beneath it.
 */
final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<List<String>> notes = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    /**
     * A row; cells and notes may hold agent-written text: each is shown on one line with its
     * control characters escaped, and a missing value as {@code -}.
     */
    void row(List<String> cells, List<String> rowNotes) {
        List<String> shown = new ArrayList<>();
        for (String cell : cells) {
            shown.add(cell == null || cell.equals("null") ? "-" : Terminal.clean(cell));
        }
        rows.add(shown);
        notes.add(rowNotes.stream().map(Terminal::line).toList());
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        int used = 0;
        for (int c = 0; c < widths.length - 1; c++) {
            used += widths[c] + 2;
        }
        int last = Math.max(20, terminalWidth() - used);
        widths[widths.length - 1] = Math.min(widths[widths.length - 1], last);
        printRow(out, headers, widths);
        for (int r = 0; r < rows.size(); r++) {
            printRow(out, rows.get(r), widths);
            for (String note : notes.get(r)) {
                out.println("    ! " + note);
            }
        }
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            boolean lastColumn = c == cells.size() - 1;
            if (cell.length() > widths[c]) {
                cell = cell.substring(0, Math.max(0, widths[c] - 3)) + "...";
            }
            line.append(cell);
            if (!lastColumn) {
                line.append(" ".repeat(widths[c] - cell.length() + 2));
            }
        }
        out.println(line.toString().stripTrailing());
    }

    /** Cut only for a person at a terminal; piped output keeps whole cells. */
    private static int terminalWidth() {
        if (System.console() == null && System.getenv("COLUMNS") == null) {
            return Integer.MAX_VALUE / 2;
        }
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120"));
        } catch (NumberFormatException e) {
            return 120;
        }
    }
}
