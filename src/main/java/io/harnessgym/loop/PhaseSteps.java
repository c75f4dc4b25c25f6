package io.harnessgym.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.activation.ActiveServer;
import io.harnessgym.runner.Phase;
import io.harnessgym.runner.PhaseFiles;
import io.harnessgym.runner.PhaseRequest;
import io.harnessgym.runner.PhaseResult;
import io.harnessgym.workspace.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent's steps: a fresh attempt, then reflection and build resuming its session. Each runs the
 * runner once, records the phase and takes the agent's claims.
 */
final class PhaseSteps {
    private PhaseSteps() {}

    /** Runs {@code phase} with {@code prompt} and records what came of it. */
    static StepOutcome agent(Run run, Iteration it, Phase phase, String prompt, Duration timeout) {
        return agent(run, it, phase, phase.id(), it.dir, prompt, timeout);
    }

    /**
     * Runs {@code phase}, its files in {@code dir} and its record and claims under {@code key}: a
     * phase that runs more than once in an iteration (repair) keeps each run apart.
     */
    static StepOutcome agent(
            Run run,
            Iteration it,
            Phase phase,
            String key,
            java.nio.file.Path dir,
            String prompt,
            Duration timeout) {
        return agent(run, run.runner, it, phase, key, dir, prompt, timeout);
    }

    /** The same, with {@code runner} (the evaluator's, for the evaluation). */
    static StepOutcome agent(
            Run run,
            io.harnessgym.runner.Runner runner,
            Iteration it,
            Phase phase,
            String key,
            java.nio.file.Path dir,
            String prompt,
            Duration timeout) {
        java.util.Map<String, String> before = ControlFiles.fingerprint(run.workspace.root());
        PhaseResult result =
                runner.run(
                        new PhaseRequest(
                                phase,
                                prompt,
                                phase.fresh() ? null : it.session,
                                dir,
                                timeout,
                                new PhaseRequest.RunScope(
                                        run.config.runId(), Integer.toString(it.number), ""),
                                run.activation));
        it.phases.put(key, Json.MAPPER.valueToTree(result));
        if (result.usage() != null) {
            run.tokens += result.usage().inputTokens() + result.usage().outputTokens();
        }
        // The iteration's session is the run's agent's; another runner's (the evaluator's) is its
        // own.
        if (result.sessionId() != null && runner == run.runner) {
            it.session = result.sessionId();
        }
        if (result.cost().usd() != null) {
            run.costUsd += result.cost().usd();
        }
        Claims.Taken taken = Claims.take(run.workspace.root());
        it.controlEdits.addAll(
                ControlFiles.edits(key, before, ControlFiles.fingerprint(run.workspace.root())));
        it.claims.set(key, taken.claims());
        if (taken.problem() != null) {
            it.claimsProblem =
                    (it.claimsProblem == null ? "" : it.claimsProblem + "; ")
                            + key
                            + ": "
                            + taken.problem();
        }
        return switch (result.status().id()) {
            case "completed" -> new StepOutcome.Done(key + " completed");
            case "error" -> new StepOutcome.Failed(result.reason());
            default ->
                    new StepOutcome.Failed(
                            key + " " + result.status().id() + ": " + result.reason());
        };
    }

    static final class Attempt implements Step {
        @Override
        public Duration timeout(Run run, Iteration it) {
            return run.config.attemptTimeout(it.number);
        }

        @Override
        public java.nio.file.Path events(Iteration it) {
            return PhaseFiles.in(it.dir, Phase.ATTEMPT).stdout();
        }

        @Override
        public String name() {
            return "attempt";
        }

        @Override
        public StepOutcome run(Run run, Iteration it) {
            String prompt =
                    run.prompts.render(
                            "attempt",
                            Map.of(
                                    "workspace", run.workspace.root().toString(),
                                    "iteration", Integer.toString(it.number),
                                    "task", run.task,
                                    "inventory", inventory(run)));
            return agent(run, it, Phase.ATTEMPT, prompt, run.config.attemptTimeout(it.number));
        }
    }

    static final class Reflect implements Step {
        @Override
        public Duration timeout(Run run, Iteration it) {
            return run.config.reflectionTimeout();
        }

        @Override
        public java.nio.file.Path events(Iteration it) {
            return PhaseFiles.in(it.dir, Phase.REFLECT).stdout();
        }

        @Override
        public String name() {
            return "reflect";
        }

        @Override
        public StepOutcome run(Run run, Iteration it) {
            if (run.config.attemptOnly()) {
                return new StepOutcome.Skipped("attempts only (no reflection)");
            }
            if (it.session == null) {
                return new StepOutcome.Skipped("the attempt left no session to resume");
            }
            String prompt =
                    run.prompts.render(
                            "reflect",
                            Map.of(
                                    "iteration", Integer.toString(it.number),
                                    "measured",
                                            it.measured == null
                                                    ? "nothing (no post-attempt command)"
                                                    : run.withoutHoldout(
                                                            Json.compact(
                                                                    Json.MAPPER.valueToTree(
                                                                            it.measured))),
                                    "claims", Json.compact(it.claims.path("attempt"))));
            return agent(run, it, Phase.REFLECT, prompt, run.config.reflectionTimeout());
        }
    }

    static final class Build implements Step {
        @Override
        public Duration timeout(Run run, Iteration it) {
            return run.config.buildTimeout();
        }

        @Override
        public java.nio.file.Path events(Iteration it) {
            return PhaseFiles.in(it.dir, Phase.BUILD).stdout();
        }

        @Override
        public String name() {
            return "build";
        }

        @Override
        public StepOutcome run(Run run, Iteration it) {
            if (run.config.attemptOnly()) {
                return new StepOutcome.Skipped("attempts only (no build)");
            }
            if (it.session == null) {
                return new StepOutcome.Skipped("no session to resume");
            }
            JsonNode selected = it.claims.at("/reflect/reflection/selected_improvement");
            String prompt =
                    run.prompts.render(
                            "build",
                            Map.of(
                                    "iteration",
                                    Integer.toString(it.number),
                                    "selected",
                                    selected.isMissingNode()
                                            ? "the tool you named in your reflection"
                                            : Json.compact(selected)));
            return agent(run, it, Phase.BUILD, prompt, run.config.buildTimeout());
        }
    }

    /** The active tools and skills, as the attempt prompt lists them. */
    static String inventory(Run run) {
        if (run.activation == null
                || (run.activation.servers().isEmpty()
                        && run.activation.json().path("skills").isEmpty())) {
            return "None yet.";
        }
        List<String> lines = new ArrayList<>();
        for (ActiveServer server : run.activation.servers()) {
            lines.add(
                    "- MCP server `"
                            + server.name()
                            + "`: tools "
                            + String.join(", ", server.tools()));
        }
        run.activation
                .json()
                .path("skills")
                .forEach(
                        skill -> {
                            String name = skill.path("name").asText("");
                            if (!name.isEmpty()) {
                                lines.add(
                                        "- Skill `"
                                                + name
                                                + "`: read "
                                                + skill.path("skill_path").asText(""));
                            }
                        });
        return lines.isEmpty() ? "None yet." : String.join("\n", lines);
    }
}
