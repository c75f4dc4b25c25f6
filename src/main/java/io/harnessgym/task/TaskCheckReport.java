package io.harnessgym.task;

import io.harnessgym.text.JUnitXml;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code task check} found, as {@code report.json} (and {@code --json}) has it: the verdict
 * with every reason; {@code failures}, each property a valid task has with the reasons it does not
 * (empty: it has it); each run of the check; what the oracle changed that it should not have.
 */
public record TaskCheckReport(
        boolean valid,
        List<String> reasons,
        Map<String, List<String>> failures,
        List<String> notes,
        String task,
        String command,
        String oracleKind,
        String oracle,
        String baselineSnapshot,
        int runs,
        double tolerance,
        String direction,
        List<TaskCheck.CheckRun> noop,
        List<TaskCheck.CheckRun> oracleRuns,
        List<String> oracleProtectedEdits,
        List<String> oracleOutOfScope,
        String sandbox,
        String reportPath,
        double seconds,
        String createdAt) {
    public TaskCheckReport {
        reasons = List.copyOf(reasons);
        failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        notes = List.copyOf(notes);
        noop = List.copyOf(noop);
        oracleRuns = List.copyOf(oracleRuns);
        oracleProtectedEdits = List.copyOf(oracleProtectedEdits);
        oracleOutOfScope = List.copyOf(oracleOutOfScope);
    }

    /**
     * As JUnit XML: one case per property a valid task has (the oracle applies and passes, the noop
     * fails or scores worse, both are deterministic, the oracle leaves protected paths alone).
     */
    public JUnitXml.Suite junit() {
        List<JUnitXml.Case> cases = new ArrayList<>();
        for (Map.Entry<String, List<String>> property : failures.entrySet()) {
            cases.add(test(property.getKey(), property.getValue()));
        }
        return new JUnitXml.Suite(
                "harnessgym task check",
                "task check " + task,
                createdAt.replaceFirst("Z$", ""),
                seconds,
                cases);
    }

    private JUnitXml.Case test(String name, List<String> failing) {
        return new JUnitXml.Case(
                "harnessgym.task",
                name,
                0,
                failing.isEmpty()
                        ? null
                        : new JUnitXml.Failure(
                                "task check",
                                failing.get(0),
                                String.join("\n", failing) + "\nreport: " + reportPath + "\n"),
                null);
    }
}
