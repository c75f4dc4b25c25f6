package io.harnessgym.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code harnessgym report RUN_ID}: one run's page, in the compare page's style (self-contained,
 * inline SVG): per iteration the status, the measured score, the attempt's tool calls, what was
 * qualified and quarantined, and the penalties; read from the run's private records.
 */
public final class RunPage {
    private RunPage() {}

    /** Writes {@code report.html} into the run's folder; its path. */
    public static Path write(Path runDir) {
        RunRecords records = RunRecords.read(runDir);
        if (!records.exists()) {
            throw HarnessGymException.badInput(
                    "no run summary at " + runDir.resolve("summary.json"));
        }
        JsonNode summary = records.summary();
        List<JsonNode> results = records.results();
        Path page = runDir.resolve("report.html");
        AtomicFiles.writeString(page, html(summary, results));
        return page;
    }

    static String html(JsonNode summary, List<JsonNode> results) {
        String id = summary.path("run_id").asText();
        StringBuilder h = new StringBuilder();
        h.append(
                        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>harnessgym run ")
                .append(Svg.escape(id))
                .append(
                        "</title><style>body{font-family:sans-serif;margin:2em;max-width:60em}"
                                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em}</style></head><body>");
        h.append("<h1>Run ")
                .append(Svg.escape(id))
                .append("</h1><p id=\"verdict\">")
                .append(Svg.escape(summary.path("status").asText()))
                .append(": ")
                .append(Svg.escape(summary.path("stop_reason").asText()))
                .append("; solved and verified: <strong>")
                .append(summary.path("solved").asBoolean() ? "yes" : "no")
                .append("</strong>")
                .append(
                        summary.hasNonNull("best_score")
                                ? "; best verified score "
                                        + Svg.number(summary.path("best_score").asDouble())
                                : "")
                .append("</p>");
        List<Svg.Bar> scores = new ArrayList<>();
        List<Svg.Bar> calls = new ArrayList<>();
        for (JsonNode row : summary.path("iterations")) {
            String label = "iteration " + row.path("iteration").asInt();
            if (row.hasNonNull("score")) {
                scores.add(
                        new Svg.Bar(label, "harnessed", row.path("score").asDouble(), null, null));
            }
            calls.add(
                    new Svg.Bar(label, "plain", row.path("attempt_mcp_calls").asInt(), null, null));
        }
        if (!scores.isEmpty()) {
            h.append(Svg.bars("Measured score per iteration", scores, null));
        }
        h.append(Svg.bars("MCP tool calls in each attempt", calls, null));
        h.append(
                "<table><tr><th>iteration</th><th>status</th><th>verified</th><th>score</th><th>tool calls</th>"
                        + "<th>qualified</th><th>failed</th><th>quarantined</th><th>penalties</th></tr>");
        int i = 0;
        for (JsonNode row : summary.path("iterations")) {
            JsonNode q = i < results.size() ? results.get(i).path("qualification") : Json.object();
            i++;
            h.append("<tr><td>")
                    .append(row.path("iteration").asInt())
                    .append("</td><td>")
                    .append(Svg.escape(row.path("status").asText()))
                    .append("</td><td>")
                    .append(row.path("verified").asBoolean() ? "yes" : "no")
                    .append("</td><td>")
                    .append(
                            row.hasNonNull("score")
                                    ? Svg.number(row.path("score").asDouble())
                                    : "-")
                    .append("</td><td>")
                    .append(row.path("attempt_mcp_calls").asInt())
                    .append("</td><td>")
                    .append(list(q.path("passed")))
                    .append("</td><td>")
                    .append(list(q.path("failed")))
                    .append("</td><td>")
                    .append(list(q.path("quarantined")))
                    .append("</td><td>")
                    .append(list(row.path("penalties")))
                    .append("</td></tr>");
        }
        h.append("</table><p>Colours: ");
        for (Map.Entry<String, String> c :
                Map.of("score", Svg.color("harnessed"), "tool calls", Svg.color("plain"))
                        .entrySet()) {
            h.append("<span style=\"color:")
                    .append(c.getValue())
                    .append("\">● ")
                    .append(c.getKey())
                    .append("</span> ");
        }
        return h.append("</p></body></html>\n").toString();
    }

    private static String list(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(v -> items.add(v.isTextual() ? v.asText() : v.toString()));
        return items.isEmpty() ? "-" : Svg.escape(String.join(", ", items));
    }
}
