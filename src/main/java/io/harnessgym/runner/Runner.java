package io.harnessgym.runner;

/**
 * Runs an agent for one phase and says what happened. A runner never throws for the agent's failure
 * (a crash, a hang, garbage output, an API error): that is a {@link PhaseResult} with its status.
 * It leaves no process behind when it returns.
 */
public interface Runner {
    RunnerKind kind();

    PhaseResult run(PhaseRequest request);
}
