package io.harnessgym.activation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The outcome of one activation (or check): the report written to {@code
 * .harnessgym/activation.json} (typed, and as the JSON tree written), whether the gate passed, the
 * servers it activated, and the arguments for the agents.
 */
public record Activation(
        ActivationReport report,
        JsonNode json,
        boolean gatePassed,
        List<ActiveServer> servers,
        List<String> codexOverrides,
        List<String> claudeArguments) {
    public Activation {
        servers = List.copyOf(servers);
        codexOverrides = List.copyOf(codexOverrides);
        claudeArguments = List.copyOf(claudeArguments);
    }
}
