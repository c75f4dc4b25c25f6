package io.harnessgym.runner;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import java.util.List;

/**
 * What one phase did, the same record from every runner: how it ended, the session it ran in (the
 * one to resume next), its exit code and duration, where its prompt, output, transcript and
 * trajectory are, the tokens and cost it reported, the tool calls it reported, the agent's last
 * message, the agent program's version, and the confinement in force. Written as {@code
 * <phase>.result.json} beside those files.
 */
@JsonPropertyOrder({
    "phase",
    "runner",
    "status",
    "reason",
    "session_id",
    "exit_code",
    "duration_ms",
    "files",
    "usage",
    "cost",
    "tool_calls",
    "final_message",
    "agent",
    "confinement",
    "warnings"
})
public record PhaseResult(
        Phase phase,
        RunnerKind runner,
        PhaseStatus status,
        String sessionId,
        Integer exitCode,
        long durationMs,
        Files files,
        Usage usage,
        Cost cost,
        List<ToolCall> toolCalls,
        String finalMessage,
        AgentVersion agent,
        Confinement confinement,
        List<String> warnings) {

    public PhaseResult {
        toolCalls = List.copyOf(toolCalls);
        warnings = List.copyOf(warnings);
    }

    /** The paths of the phase's files, as strings (absolute). */
    public record Files(
            String prompt, String stdout, String stderr, String transcript, String trajectory) {
        public static Files of(PhaseFiles files, boolean transcript, boolean trajectory) {
            return new Files(
                    files.prompt().toString(),
                    files.stdout().toString(),
                    files.stderr().toString(),
                    transcript ? files.transcript().toString() : null,
                    trajectory ? files.trajectory().toString() : null);
        }
    }

    /**
     * The record of a phase that could not be run as asked (no program, no session, a refused
     * option, a folder that could not be made), written beside its prompt.
     */
    public static PhaseResult notRun(
            PhaseRequest request,
            RunnerKind runner,
            PhaseStatus status,
            AgentVersion agent,
            Confinement confinement,
            List<String> warnings,
            long startNanos) {
        AgentProcess.writePrompt(request);
        PhaseResult result =
                new PhaseResult(
                        request.phase(),
                        runner,
                        status,
                        request.sessionId(),
                        null,
                        (System.nanoTime() - startNanos) / 1_000_000,
                        Files.of(request.files(), false, false),
                        Usage.NONE,
                        Cost.unknown(null),
                        List.of(),
                        null,
                        agent,
                        confinement,
                        warnings);
        result.writeTo(request.files().result());
        return result;
    }

    /**
     * Why the phase did not complete, written beside its status (the status itself is written as
     * its id alone); absent when it completed.
     */
    @com.fasterxml.jackson.annotation.JsonProperty("reason")
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    public String reason() {
        return status.reason();
    }

    public boolean completed() {
        return status instanceof PhaseStatus.Completed;
    }

    /** Writes the record (atomically) to {@code file}. */
    public void writeTo(Path file) {
        AtomicFiles.writeString(file, Json.pretty(this) + "\n");
    }
}
