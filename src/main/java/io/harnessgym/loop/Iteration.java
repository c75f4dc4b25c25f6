package io.harnessgym.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.runner.PhaseResult;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One iteration while it runs: its folder in the run, the phases' results, the session they share,
 * what the agent claimed (kept as a claim), what harnessgym measured, and the steps' outcomes.
 */
public final class Iteration {
    final int number;
    final Path dir;
    final Map<String, PhaseResult> phases = new LinkedHashMap<>();
    String session;
    ObjectNode claims = Json.object();
    String claimsProblem;
    Score.Measured measured;
    final List<String> falseClaims = new ArrayList<>();
    final Map<String, String> steps = new LinkedHashMap<>();
    ObjectNode qualification;

    Iteration(int number, Path dir) {
        this.number = number;
        this.dir = dir;
    }

    /** Solved as harnessgym measured it: the post-attempt command passed. */
    boolean solved() {
        return measured != null && measured.passed();
    }

    Double score() {
        return measured == null ? null : measured.score();
    }
}
