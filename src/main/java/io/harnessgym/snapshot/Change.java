package io.harnessgym.snapshot;

/** One path that differs between two trees. A change of type (file to link) is a modification. */
public record Change(Kind kind, String path) {
    /** How the path differs. */
    public enum Kind {
        ADDED,
        MODIFIED,
        DELETED
    }

    /** The path after its mark: {@code + added}, {@code ~ modified}, {@code - deleted}. */
    public String shown() {
        return switch (kind) {
                    case ADDED -> "+ ";
                    case MODIFIED -> "~ ";
                    case DELETED -> "- ";
                }
                + path;
    }
}
