package io.harnessgym.activation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The outcome of one activation (or check): the gate results per server, the report written to
 * {@code .harnessgym/activation.json}, whether the gate passed, and the arguments for the agents.
 */
public record Activation(
        ObjectNode report,
        boolean gatePassed,
        List<ServerResult> servers,
        List<String> codexOverrides,
        List<String> claudeArguments) {}
