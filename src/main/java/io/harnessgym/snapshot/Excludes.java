package io.harnessgym.snapshot;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.harnessgym.error.HarnessGymException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a snapshot leaves out. Always the top-level {@code .git}, {@code .harnessgym}, {@code
 * .codex}, {@code .agents} and {@code .claude} (the user's repository, the bundle and the
 * projections have their own lifecycles); then the configured globs: a glob without {@code /}
 * matches a file or folder name at any depth, one with {@code /} matches the path from the root.
 * {@code .gitignore} rules are not applied: the grader may read ignored build outputs, and an agent
 * could write a {@code .gitignore} to hide an edit from the diff.
 */
public final class Excludes {
    public static final Set<String> ALWAYS =
            Set.of(".git", ".harnessgym", ".codex", ".agents", ".claude");
    public static final Excludes DEFAULT = new Excludes(List.of());

    /** Leaves nothing out, not even {@link #ALWAYS}: for harnessgym's own rooms. */
    static final Excludes NOTHING = new Excludes(List.of(), false);

    private final List<String> patterns;
    private final boolean always;
    private final List<PathMatcher> nameMatchers = new ArrayList<>();
    private final List<PathMatcher> pathMatchers = new ArrayList<>();

    @JsonCreator
    public Excludes(List<String> patterns) {
        this(patterns, true);
    }

    private Excludes(List<String> patterns, boolean always) {
        this.always = always;
        this.patterns = patterns == null ? List.of() : List.copyOf(patterns);
        for (String pattern : this.patterns) {
            String trimmed = pattern.strip();
            while (trimmed.endsWith("/") && trimmed.length() > 1) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            if (trimmed.isEmpty() || trimmed.startsWith("/") || trimmed.contains("..")) {
                throw HarnessGymException.badInput(
                        "bad exclude pattern '"
                                + pattern
                                + "': use a name glob (build, *.o) or a relative path glob"
                                + " (out/**)");
            }
            try {
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + trimmed);
                (trimmed.contains("/") ? pathMatchers : nameMatchers).add(matcher);
            } catch (IllegalArgumentException e) {
                throw HarnessGymException.badInput(
                        "bad exclude pattern '" + pattern + "': " + e.getMessage(), e);
            }
        }
    }

    @JsonValue
    public List<String> patterns() {
        return patterns;
    }

    /** Whether {@code relative} (a path from the workspace root, '/'-separated) is left out. */
    public boolean excludes(String relative) {
        int slash = relative.indexOf('/');
        String top = slash < 0 ? relative : relative.substring(0, slash);
        if (always && ALWAYS.contains(top)) {
            return true;
        }
        if (nameMatchers.isEmpty() && pathMatchers.isEmpty()) {
            return false;
        }
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        Path namePath = Path.of(name);
        for (PathMatcher matcher : nameMatchers) {
            if (matcher.matches(namePath)) {
                return true;
            }
        }
        Path path = Path.of(relative);
        for (PathMatcher matcher : pathMatchers) {
            if (matcher.matches(path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Excludes that
                && that.patterns.equals(patterns)
                && that.always == always;
    }

    @Override
    public int hashCode() {
        return patterns.hashCode() * 31 + Boolean.hashCode(always);
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}
