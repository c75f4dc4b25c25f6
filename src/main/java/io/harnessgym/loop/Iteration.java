package io.harnessgym.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One iteration while it runs: its folder in the run, the phases' records (as written in their
 * {@code <phase>.result.json}), the session they share, what the agent claimed (kept as a claim),
 * what harnessgym measured, and the steps' outcomes. A resumed run rebuilds it from the iteration's
 * {@code result.json}.
 */
public final class Iteration {
    final int number;
    final Path dir;
    final Map<String, JsonNode> phases = new LinkedHashMap<>();
    String session;
    ObjectNode claims = Json.object();
    String claimsProblem;
    Score.Measured measured;
    final List<String> falseClaims = new ArrayList<>();

    /** The false claims as penalties (the other penalties are derived, {@link Penalty#of}). */
    final List<Penalty> claimPenalties = new ArrayList<>();

    /** What the phases changed in {@code .git} and {@code .harnessgym} ({@link ControlFiles}). */
    final List<ControlFiles.Edit> controlEdits = new ArrayList<>();

    final Map<String, String> steps = new LinkedHashMap<>();
    ObjectNode qualification;

    /** The evaluator's verdict (null: no evaluator, or it did not run). */
    EvaluateStep.Evaluation evaluation;

    /** The attempt against the task's contract (null: nothing to check). */
    ContractCheck contract;

    private final RunConfig config;

    Iteration(int number, Path dir, RunConfig config) {
        this.number = number;
        this.dir = dir;
        this.config = config;
    }

    /** The iteration as its {@code result.json} recorded it, to go on with after a resume. */
    static Iteration from(IterationRecord record, Path dir, RunConfig config) {
        Iteration it = new Iteration(record.iteration(), dir, config);
        it.phases.putAll(record.phases());
        it.session = record.session();
        if (record.claims() instanceof ObjectNode claims) {
            it.claims = claims.deepCopy();
        }
        it.claimsProblem = record.claimsProblem();
        it.contract = record.contract();
        it.evaluation = record.evaluation();
        it.measured = record.measured();
        it.falseClaims.addAll(record.falseClaims());
        record.penalties().stream()
                .filter(
                        p ->
                                p.kind() == Penalty.Kind.FALSE_COMPLETION_CLAIM
                                        || p.kind() == Penalty.Kind.FALSE_SCORE_CLAIM)
                .forEach(it.claimPenalties::add);
        it.controlEdits.addAll(record.controlEdits());
        it.steps.putAll(record.steps());
        if (record.qualification() instanceof ObjectNode row) {
            it.qualification = row.deepCopy();
        }
        return it;
    }

    /**
     * The post-attempt command passed, as harnessgym measured it, on an attempt that left the
     * protected paths alone.
     */
    boolean verified() {
        return measured != null && measured.passed() && valid();
    }

    /** No protected path changed (or nothing to check). */
    boolean valid() {
        return contract == null || contract.valid();
    }

    /**
     * Solved as harnessgym measured it: the post-attempt command passed; in optimization mode, with
     * a score that reaches the stop score (a pass alone is only {@code verified}).
     */
    boolean solved() {
        if (!verified()) {
            return false;
        }
        return !config.optimizationMode() || config.reaches(score());
    }

    /** The measured score; none for an invalid attempt (it is not counted). */
    Double score() {
        return measured == null || !valid() ? null : measured.score();
    }

    /**
     * A phase's status ({@code completed}, {@code failed}, {@code timeout}, {@code error}), or
     * null.
     */
    String phaseStatus(String phase) {
        JsonNode record = phases.get(phase);
        return record == null ? null : record.path("status").asText(null);
    }
}
