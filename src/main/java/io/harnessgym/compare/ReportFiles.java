package io.harnessgym.compare;

import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's three forms in one folder: {@code compare_report.json}, {@code compare_report.md}
 * (the verdict and the tables, for a pull request or a CI summary) and {@code compare_report.html}
 * (self-contained, with inline SVG plots: no script, no network).
 */
final class ReportFiles {
    private ReportFiles() {}

    static Path write(Path dir, CompareReport report) {
        Path json = dir.resolve("compare_report.json");
        AtomicFiles.writeString(json, Json.pretty(report) + "\n");
        AtomicFiles.writeString(dir.resolve("compare_report.md"), markdown(report));
        AtomicFiles.writeString(dir.resolve("compare_report.html"), html(report));
        return json;
    }

    static String markdown(CompareReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Compare ").append(md(r.compareId())).append("\n\n");
        md.append("**Verdict: ")
                .append(r.verdict().verdict())
                .append("**: ")
                .append(md(r.verdict().reason()))
                .append("\n\n");
        md.append("- plan `")
                .append(r.planDigest())
                .append("`, template snapshot `")
                .append(r.workspaceTemplate())
                .append("`\n");
        if (r.bundleDigest() != null) {
            md.append("- bundle `")
                    .append(r.bundleDigest())
                    .append("` from `")
                    .append(md(r.artifactSource()))
                    .append("`\n");
        }
        md.append("- trials: ")
                .append(r.trials().size())
                .append(" finished, ")
                .append(r.missingTrials().size())
                .append(" missing\n\n");
        String unconfined = r.unconfinedWarning();
        if (unconfined != null) {
            md.append("**").append(unconfined).append("**\n\n");
        }
        List<TaskAnalysis> all = new ArrayList<>(r.analysis());
        if (r.pooled() != null) {
            all.add(r.pooled());
        }
        for (TaskAnalysis a : all) {
            md.append("## ")
                    .append(md(a.task()))
                    .append(a.seen() ? " (seen: the bundle was built on it)" : "")
                    .append("\n\n");
            md.append("Verdict on ")
                    .append(a.primaryMetric())
                    .append(": **")
                    .append(a.verdict().verdict())
                    .append("**: ")
                    .append(md(a.verdict().reason()))
                    .append("\n\n");
            md.append(
                    "| arm | trials | valid | solved | solve rate (95% CI) | pass@1 | mean score (95% CI) | median duration s |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (ArmFigures f :
                    a.arms().values().stream()
                            .sorted(java.util.Comparator.comparing(ArmFigures::arm).reversed())
                            .toList()) {
                var score = f.metrics().get(Metric.SCORE.id());
                var duration = f.metrics().get(Metric.DURATION_SECONDS.id());
                md.append("| ")
                        .append(f.arm())
                        .append(" | ")
                        .append(f.trials())
                        .append(" | ")
                        .append(f.valid())
                        .append(" | ")
                        .append(f.solved())
                        .append(" | ")
                        .append(
                                f.solveRate() == null
                                        ? "-"
                                        : pct(f.solveRate().value())
                                                + " ("
                                                + pct(f.solveRate().interval().low())
                                                + "–"
                                                + pct(f.solveRate().interval().high())
                                                + ")")
                        .append(" | ")
                        .append(f.passAtK().containsKey("1") ? fmt(f.passAtK().get("1")) : "-")
                        .append(" | ")
                        .append(
                                score == null
                                        ? "-"
                                        : fmt(score.mean().value())
                                                + " ("
                                                + fmt(score.mean().interval().low())
                                                + "–"
                                                + fmt(score.mean().interval().high())
                                                + ")")
                        .append(" | ")
                        .append(duration == null ? "-" : fmt(duration.median().value()))
                        .append(" |\n");
            }
            if (!a.comparisons().isEmpty()) {
                md.append(
                        "\n| metric | design | test | p | Holm p | effect (harnessed − plain, 95% CI) | better? | trials for 80% power |\n");
                md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
                for (Comparison c : a.comparisons()) {
                    md.append("| ")
                            .append(c.metric())
                            .append(" | ")
                            .append(c.design())
                            .append(" | ")
                            .append(c.test())
                            .append(" | ")
                            .append(fmt(c.pValue()))
                            .append(" | ")
                            .append(fmt(c.pAdjusted()))
                            .append(" | ")
                            .append(fmt(c.effect().value()))
                            .append(" (")
                            .append(fmt(c.effect().interval().low()))
                            .append("–")
                            .append(fmt(c.effect().interval().high()))
                            .append(") | ")
                            .append(c.improvement() ? "yes" : "no")
                            .append(" | ")
                            .append(c.trialsFor80Power() == null ? "-" : c.trialsFor80Power())
                            .append(" |\n");
                }
            }
            md.append("\n");
        }
        return md.toString();
    }

    static String html(CompareReport r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.append("<title>harnessgym compare ").append(Svg.escape(r.compareId())).append("</title>");
        h.append(
                "<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:1em 0}"
                        + "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.verdict{font-size:1.3em}"
                        + ".plain{color:#1f77b4}.harnessed{color:#d62728}svg{display:block;margin:1em 0}</style>");
        h.append("</head><body>");
        h.append("<h1>Compare ").append(Svg.escape(r.compareId())).append("</h1>");
        h.append("<p class=\"verdict\" id=\"verdict\">Verdict: <strong>")
                .append(Svg.escape(r.verdict().verdict()))
                .append("</strong>: ")
                .append(Svg.escape(r.verdict().reason()))
                .append("</p>");
        h.append("<p>Arms: ");
        for (String arm : arms(r)) {
            h.append("<span class=\"")
                    .append(arm)
                    .append("\" data-arm=\"")
                    .append(arm)
                    .append("\">● ")
                    .append(arm)
                    .append("</span> ");
        }
        h.append("</p>");
        h.append("<p>")
                .append(r.trials().size())
                .append(" trial(s) finished, ")
                .append(r.missingTrials().size())
                .append(" missing; plan <code>")
                .append(Svg.escape(r.planDigest()))
                .append("</code></p>");
        String unconfined = r.unconfinedWarning();
        if (unconfined != null) {
            h.append("<p class=\"warning\" id=\"unconfined\"><strong>")
                    .append(Svg.escape(unconfined))
                    .append("</strong></p>");
        }
        h.append(Svg.bars("Solve rate with 95% Wilson interval", solveBars(r), 1.0));
        for (PlanTask task : r.tasks()) {
            List<Trial> of = r.trials().stream().filter(t -> t.task().equals(task.name())).toList();
            h.append("<h2>")
                    .append(Svg.escape(task.name()))
                    .append(task.seen() ? " (seen)" : " (held out)")
                    .append("</h2>");
            if (of.stream().anyMatch(t -> t.score() != null)) {
                h.append(
                        Svg.strip(
                                "Score per trial (" + task.name() + ")", points(of, Trial::score)));
            } else {
                h.append(
                        Svg.strip(
                                "Solved per trial, 1 = solved (" + task.name() + ")",
                                points(of, t -> t.solved() ? 1.0 : 0.0)));
            }
            h.append(
                    Svg.strip(
                            "Duration per trial, s (" + task.name() + ")",
                            points(of, Trial::durationSeconds)));
            h.append(
                    Svg.strip(
                            "Tokens per trial (" + task.name() + ")",
                            points(of, t -> (double) t.tokens())));
            h.append(
                    Svg.strip(
                            "Cost per trial, USD (" + task.name() + ")",
                            points(of, Trial::costUsd)));
            h.append(
                    Svg.strip(
                            "MCP tool calls in the attempt, per trial (" + task.name() + ")",
                            points(of, t -> (double) t.mcpCallCount())));
        }
        h.append("<h2>Statistics</h2>");
        h.append(markdownTables(r));
        h.append(
                "<h2>Trials</h2><table><tr><th>#</th><th>task</th><th>arm</th><th>trial</th><th>solved</th><th>score</th>"
                        + "<th>duration s</th><th>tokens</th><th>cost</th><th>tool calls</th><th>tools used</th><th>valid</th></tr>");
        for (Trial t : r.trials()) {
            h.append("<tr><td>")
                    .append(t.position() + 1)
                    .append("</td><td>")
                    .append(Svg.escape(t.task()))
                    .append("</td><td class=\"")
                    .append(t.group())
                    .append("\">")
                    .append(t.group())
                    .append("</td><td>")
                    .append(t.trial())
                    .append("</td><td>")
                    .append(t.solved() ? "yes" : "no")
                    .append("</td><td>")
                    .append(t.score() == null ? "-" : Svg.number(t.score()))
                    .append("</td><td>")
                    .append(fmt(t.durationSeconds()))
                    .append("</td><td>")
                    .append(t.tokens())
                    .append("</td><td>")
                    .append(fmt(t.costUsd()))
                    .append("</td><td>")
                    .append(t.mcpCallCount())
                    .append("</td><td>")
                    .append(Svg.escape(String.join(", ", t.mcpCalledTools())))
                    .append("</td><td>")
                    .append(
                            t.comparisonValid()
                                    ? "yes"
                                    : "no: "
                                            + Svg.escape(
                                                    String.valueOf(t.comparisonInvalidReason())))
                    .append("</td></tr>");
        }
        h.append("</table></body></html>\n");
        return h.toString();
    }

    private static String markdownTables(CompareReport r) {
        StringBuilder h = new StringBuilder();
        List<TaskAnalysis> all = new ArrayList<>(r.analysis());
        if (r.pooled() != null) {
            all.add(r.pooled());
        }
        for (TaskAnalysis a : all) {
            h.append("<h3>")
                    .append(Svg.escape(a.task()))
                    .append("</h3><p>Verdict on ")
                    .append(a.primaryMetric())
                    .append(": <strong>")
                    .append(Svg.escape(a.verdict().verdict()))
                    .append("</strong> (")
                    .append(Svg.escape(a.verdict().reason()))
                    .append(")</p>");
            h.append(
                    "<table><tr><th>metric</th><th>design</th><th>test</th><th>p</th><th>Holm p</th><th>effect (95% CI)</th>"
                            + "<th>trials for 80% power</th></tr>");
            for (Comparison c : a.comparisons()) {
                h.append("<tr><td>")
                        .append(c.metric())
                        .append("</td><td>")
                        .append(c.design())
                        .append("</td><td>")
                        .append(c.test())
                        .append("</td><td>")
                        .append(fmt(c.pValue()))
                        .append("</td><td>")
                        .append(fmt(c.pAdjusted()))
                        .append("</td><td>")
                        .append(fmt(c.effect().value()))
                        .append(" (")
                        .append(fmt(c.effect().interval().low()))
                        .append(" to ")
                        .append(fmt(c.effect().interval().high()))
                        .append(")</td><td>")
                        .append(c.trialsFor80Power() == null ? "-" : c.trialsFor80Power())
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        return h.toString();
    }

    private static List<String> arms(CompareReport r) {
        return r.trials().stream()
                .map(Trial::group)
                .distinct()
                .sorted(java.util.Comparator.reverseOrder())
                .toList();
    }

    private static List<Svg.Bar> solveBars(CompareReport r) {
        List<Svg.Bar> bars = new ArrayList<>();
        for (TaskAnalysis a : r.analysis()) {
            for (String arm : List.of("plain", "harnessed")) {
                ArmFigures f = a.arms().get(arm);
                if (f != null && f.solveRate() != null) {
                    bars.add(
                            new Svg.Bar(
                                    a.task(),
                                    arm,
                                    f.solveRate().value(),
                                    f.solveRate().interval().low(),
                                    f.solveRate().interval().high()));
                }
            }
        }
        return bars;
    }

    private static Map<String, List<Svg.Point>> points(
            List<Trial> trials, java.util.function.Function<Trial, Double> f) {
        Map<String, List<Svg.Point>> by = new LinkedHashMap<>();
        for (String arm : List.of("plain", "harnessed")) {
            List<Svg.Point> points = new ArrayList<>();
            for (Trial t : trials) {
                Double v = f.apply(t);
                if (t.group().equals(arm) && v != null) {
                    points.add(new Svg.Point(arm + " trial " + t.trial(), v));
                }
            }
            if (!points.isEmpty()) {
                by.put(arm, points);
            }
        }
        return by;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }

    private static String fmt(double v) {
        return Svg.number(v);
    }

    /** Markdown text: no table or emphasis characters from a value, no line breaks. */
    private static String md(String s) {
        return s == null
                ? ""
                : io.harnessgym.text.Terminal.clean(s)
                        .replace("|", "\\|")
                        .replace("*", "\\*")
                        .replace("\n", " ");
    }
}
