package io.harnessgym.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.loop.Orchestrator;
import io.harnessgym.loop.RunConfig;
import io.harnessgym.qualify.BundleCopy;
import io.harnessgym.registry.TrustRecords;
import io.harnessgym.runner.JsonLines;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.FileTrees;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One trial: a new workspace materialised from the template snapshot (plus the staged bundle in the
 * harnessed arm), its own private state (so its own call log: its telemetry scope), its own agent
 * homes, and an attempt-only run of the loop in it (reset to the template before every attempt; the
 * harnessed arm's bundle qualified in the trial's own state before it is activated). The trial's
 * figures are then read from that run's private records only.
 */
final class TrialRun {
    private final CompareContext context;
    private final ComparePlan plan;
    private final SnapshotStore template;
    private final java.util.function.BooleanSupplier stopping;

    /**
     * {@code stopping} says harnessgym is being stopped: a trial whose agent the stop ended is not
     * a finished trial, whatever its run recorded.
     */
    TrialRun(
            CompareContext context,
            ComparePlan plan,
            SnapshotStore template,
            java.util.function.BooleanSupplier stopping) {
        this.context = context;
        this.plan = plan;
        this.template = template;
        this.stopping = stopping;
    }

    static String runId(TrialKey key) {
        return "trial-" + key.task() + "-" + key.arm().id() + "-" + key.index();
    }

    /** Runs the trial; null when it was interrupted (a resume runs it again). */
    Trial run(TrialKey key, int position) throws IOException {
        Path dir = context.trialDir(key);
        FileTrees.delete(dir); // a trial an interruption cut short starts over
        Path root = dir.resolve("workspace");
        synchronized (template) {
            template.materialize(plan.templateSnapshot(), root);
        }
        if (key.arm() == Arm.HARNESSED) {
            BundleCopy.copy(context.bundleDir(), root.resolve(Workspace.BUNDLE_DIR), false);
        }
        Workspace workspace = Workspace.open(root);
        StateDir state = new StateDir(dir.resolve("state"));
        state.ensure();
        if (key.arm() == Arm.HARNESSED) {
            startWithTheBundlesVerdicts(state);
        }
        var env = AgentHomes.of(context.env(), dir.resolve("home"));
        PlanTask task = plan.task(key.task());
        TrialSettings s = plan.settings();
        RunConfig config =
                RunConfig.builder(runId(key))
                        .task(task.path(), task.digest())
                        .iterations(s.iterations())
                        .runner(s.runner(), s.runnerOptions())
                        .attemptTimeout(s.attemptTimeoutSeconds(), List.of())
                        .postAttempt(task.check(), task.protectedPaths(), s.checkTimeoutSeconds())
                        .score(task.scoreKey(), null, task.higherIsBetter())
                        .optimization(s.optimizationMode(), false)
                        .taskState(RunConfig.TaskState.RESET)
                        .qualification(key.arm() == Arm.HARNESSED, 0)
                        .attemptOnly(true)
                        .build();
        String text = Json.readUtf8(context.taskFile(task), context.taskFile(task));
        long started = System.nanoTime();
        String error = null;
        Orchestrator.Outcome outcome = null;
        try {
            var runner =
                    context.runners()
                            .apply(
                                    new RunnerContext(
                                            workspace,
                                            state,
                                            env,
                                            context.launcher(),
                                            s.runnerOptions()));
            outcome =
                    new Orchestrator(workspace, state, env, context.launcher())
                            .run(config, text, runner);
        } catch (RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if ((outcome != null && "interrupted".equals(outcome.status()))
                || stopping.getAsBoolean()) {
            return null; // no trial.json: a resume runs it again
        }
        Trial trial =
                read(
                        key,
                        position,
                        state.root().resolve("runs").resolve(config.runId()),
                        root,
                        seconds,
                        error);
        AtomicFiles.writeString(dir.resolve("trial.json"), Json.pretty(trial) + "\n");
        return trial;
    }

    /**
     * The trial's private records start as the bundle's qualification before any trial left them:
     * the same bundle, judged in a copy of the same template, so its verdicts at the same digests
     * stand, and the trial's run activates what passed there instead of judging it again (about 2 s
     * per harnessed trial). A verdict names the content it judged: an artifact whose digest differs
     * is judged in the trial. Records that cannot be read are not copied (none at all copy as
     * none): the trial then judges the whole bundle itself.
     */
    private void startWithTheBundlesVerdicts(StateDir state) {
        try {
            TrustRecords.load(context.qualificationState()).save(state);
        } catch (RuntimeException e) {
            // judged in the trial instead
        }
    }

    /** The trial's figures from its run's records in its private state. */
    Trial read(TrialKey key, int position, Path runDir, Path root, double seconds, String error) {
        RunRecords records = RunRecords.read(runDir);
        JsonNode summary = records.summary();
        List<JsonNode> results = records.results().stream().filter(r -> r.size() > 0).toList();
        boolean solved = false;
        String checkStatus = null;
        double attemptSeconds = 0;
        int calls = 0;
        TreeSet<String> tools = new TreeSet<>();
        TreeSet<String> flags = new TreeSet<>();
        TreeSet<String> protectedEdits = new TreeSet<>();
        List<String> penalties = new ArrayList<>();
        TreeSet<String> confinements = new TreeSet<>();
        String agentError = null;
        for (JsonNode result : results) {
            solved |= result.path("verified").asBoolean(false);
            if (result.path("measured").isObject()) {
                checkStatus = checkStatus(result.path("measured"));
            }
            JsonNode attempt = result.path("phases").path("attempt");
            attemptSeconds += attempt.path("duration_ms").asLong(0) / 1000.0;
            for (JsonNode phase : result.path("phases")) {
                String mechanism = phase.path("confinement").path("mechanism").asText("");
                // an agent the runner refused to start ran under nothing, and could write nothing
                if (!"error".equals(phase.path("status").asText()) && !mechanism.isEmpty()) {
                    confinements.add(mechanism);
                }
            }
            if ("error".equals(attempt.path("status").asText())) {
                agentError = attempt.path("reason").asText("the agent could not be run");
            }
            JsonNode usage = result.path("harness_usage");
            calls += usage.path("mcp_calls_by_phase").path("attempt").asInt(0);
            usage.path("attempt_tools").forEach(t -> tools.add(t.asText()));
            usage.path("logged_not_reported")
                    .forEach(t -> flags.add("logged_not_reported:" + t.asText()));
            usage.path("reported_not_logged")
                    .forEach(t -> flags.add("reported_not_logged:" + t.asText()));
            result.path("contract")
                    .path("protected_edits")
                    .forEach(p -> protectedEdits.add(p.asText()));
            result.path("penalties").forEach(p -> penalties.add(p.path("kind").asText()));
        }
        JsonNode active = activation(runDir);
        int mcps = active.path("active_mcp_count").asInt(0);
        int toolCount = active.path("active_tool_count").asInt(0);
        int skills = active.path("active_skill_count").asInt(0);
        String invalid = null;
        if (error != null) {
            invalid = "the trial could not run: " + error;
        } else if (results.isEmpty()) {
            invalid = "the trial completed no attempt";
        } else if (agentError != null) {
            invalid = "the agent could not be run: " + agentError;
        } else if (!protectedEdits.isEmpty()) {
            invalid = "protected paths edited: " + String.join(", ", protectedEdits);
        } else if (checkStatus == null
                || !(checkStatus.equals("passed") || checkStatus.equals("failed"))) {
            invalid =
                    "the check gave no verdict ("
                            + (checkStatus == null ? "not run" : checkStatus)
                            + ")";
        } else if (key.arm() == Arm.HARNESSED
                && plan.settings().requireActiveHarness()
                && mcps + skills == 0) {
            invalid = "no active harness (nothing in the bundle qualified)";
        } else if (key.arm() == Arm.HARNESSED && plan.settings().requireToolUse() && calls == 0) {
            invalid = "the harness was not used in the attempt (no call in the call log)";
        }
        boolean valid = invalid == null;
        Double score =
                valid && summary.hasNonNull("best_score")
                        ? summary.path("best_score").asDouble()
                        : null;
        return new Trial(
                key.task(),
                key.arm().id(),
                key.index(),
                position,
                runDir.getFileName().toString(),
                root.toString(),
                summary.path("status").asText(error == null ? "failed" : "error"),
                summary.path("stop_reason").asText(error == null ? "" : error),
                valid && solved,
                score,
                checkStatus,
                seconds,
                attemptSeconds,
                results.size(),
                summary.path("tokens").asLong(0),
                summary.path("cost_usd").asDouble(0),
                mcps,
                toolCount,
                skills,
                calls,
                List.copyOf(tools),
                List.copyOf(flags),
                List.copyOf(protectedEdits),
                penalties,
                confinements.isEmpty()
                        ? null
                        : confinements.contains(Trial.UNCONFINED)
                                ? Trial.UNCONFINED
                                : String.join(",", confinements),
                valid,
                invalid,
                !valid,
                error,
                null);
    }

    /**
     * A check's outcome as compare counts it: {@code passed}; {@code failed} (a verdict that did
     * not pass); or no verdict at all ({@code timeout}, {@code no_verdict}: it printed no JSON).
     */
    static String checkStatus(JsonNode measured) {
        return checkStatus(
                measured.path("passed").asBoolean(false),
                measured.path("timed_out").asBoolean(false),
                measured.path("json"));
    }

    /** The same from a check's parts ({@code compare regrade}'s fresh verdict). */
    static String checkStatus(boolean passed, boolean timedOut, JsonNode json) {
        if (passed) {
            return "passed";
        }
        if (timedOut) {
            return "timeout";
        }
        return json != null && json.isObject() ? "failed" : "no_verdict";
    }

    /** The activation figures the run's ledger recorded at its start. */
    private static JsonNode activation(Path runDir) {
        JsonNode[] found = {Json.object()};
        Path ledger = runDir.resolve("ledger.jsonl");
        if (Files.isRegularFile(ledger)) {
            JsonLines.read(
                    ledger,
                    line -> {
                        if (line.path("iteration").asInt(-1) == 0
                                && "activate".equals(line.path("step").asText())) {
                            found[0] = line.path("figures");
                        }
                    });
        }
        return found[0];
    }
}
