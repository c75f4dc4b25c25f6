package io.harnessgym.task;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/**
 * How a task's {@code scope} and {@code protected} entries match paths ('/'-separated, from the
 * workspace root): by whole segments, so {@code src/foo} covers {@code src/foo} and {@code
 * src/foo/x}, never {@code src/foobar}; an entry with a glob ({@code * ? [ {}) covers a path it
 * matches and every path under one it matches.
 */
public final class PathPatterns {
    private PathPatterns() {}

    public static boolean isGlob(String pattern) {
        return pattern.contains("*")
                || pattern.contains("?")
                || pattern.contains("[")
                || pattern.contains("{");
    }

    /** Whether {@code pattern} covers {@code path}, by whole segments. */
    public static boolean covers(String pattern, String path) {
        String p = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (p.equals(path) || path.startsWith(p + "/")) {
            return true;
        }
        if (!isGlob(p)) {
            return false;
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + p);
        for (String prefix = path; !prefix.isEmpty(); prefix = parent(prefix)) {
            if (matcher.matches(Path.of(prefix))) {
                return true;
            }
        }
        return false;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
