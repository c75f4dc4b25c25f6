package io.harnessgym.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A tree described path by path (type, content digest, executable bit, link text), for equality.
 */
final class TreeShape {
    private TreeShape() {}

    static TreeMap<String, String> of(Path root, String... skipTopLevel) {
        TreeMap<String, String> shape = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (path.equals(root)) {
                    continue;
                }
                String relative = root.relativize(path).toString();
                String top = relative.split("/")[0];
                if (java.util.Arrays.asList(skipTopLevel).contains(top)) {
                    continue;
                }
                if (Files.isSymbolicLink(path)) {
                    shape.put(relative, "link -> " + Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> children = Files.list(path)) {
                        if (children.findAny().isEmpty()) {
                            shape.put(relative, "empty dir");
                        }
                    }
                } else {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    String digest = HexFormat.of().formatHex(sha.digest(Files.readAllBytes(path)));
                    shape.put(
                            relative,
                            (Files.isExecutable(path) ? "exec " : "file ")
                                    + digest.substring(0, 16));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return shape;
    }
}
