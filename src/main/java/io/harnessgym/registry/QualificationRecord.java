package io.harnessgym.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A private qualification record: harnessgym judged this exact content (digest) of this artifact.
 * Only a {@link Verdict#PASSED} record at an artifact's current digest makes it active; a failed
 * one says why ({@code reason}), and the report has the rest.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualificationRecord(
        String artifactId,
        String digest,
        Verdict verdict,
        String reportPath,
        String createdAt,
        String reason,
        Server server) {

    /**
     * What the agents' configs need from a qualified server, as qualification saw it, so activation
     * never runs the server itself: the framing it spoke, its protocol version and the tools it
     * listed.
     */
    public record Server(String framing, String protocolVersion, List<String> tools) {
        public Server {
            tools = tools == null ? List.of() : List.copyOf(tools);
        }
    }

    /** The verdict of a qualification. */
    public enum Verdict {
        PASSED,
        FAILED;
    }
}
