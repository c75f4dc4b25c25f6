package io.harnessgym.qualify;

import io.harnessgym.registry.ArtifactKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies the reusable bundle into a clean room: the eight kind folders and {@code registry.json},
 * nothing else of {@code .harnessgym/} (no activation, runtime or logs). Links are copied as links,
 * never followed; {@code __pycache__} and compiled Python files are left behind.
 */
public final class BundleCopy {
    private BundleCopy() {}

    static void copy(Path fromBundle, Path toBundle) {
        copy(fromBundle, toBundle, true);
    }

    /**
     * The same, with links copied as links ({@code keepLinks}) or left out (a bundle from
     * elsewhere: a link could point anywhere on this machine); the paths of the links left out.
     */
    public static java.util.List<String> copy(Path fromBundle, Path toBundle, boolean keepLinks) {
        java.util.List<String> skipped = new java.util.ArrayList<>();
        try {
            Files.createDirectories(toBundle);
            Path registry = fromBundle.resolve("registry.json");
            if (Files.isRegularFile(registry, LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(
                        registry,
                        toBundle.resolve("registry.json"),
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
            for (ArtifactKind kind : ArtifactKind.values()) {
                Path source = fromBundle.resolve(kind.directory());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    tree(
                            source,
                            toBundle.resolve(kind.directory()),
                            keepLinks,
                            skipped,
                            fromBundle);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return skipped;
    }

    private static void tree(
            Path source,
            Path target,
            boolean keepLinks,
            java.util.List<String> skipped,
            Path bundle)
            throws IOException {
        Files.walkFileTree(
                source,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                            throws IOException {
                        if (dir.getFileName().toString().equals("__pycache__")) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                            throws IOException {
                        String name = file.getFileName().toString();
                        Path to = target.resolve(source.relativize(file).toString());
                        if (attrs.isSymbolicLink() && !keepLinks) {
                            skipped.add(bundle.relativize(file).toString());
                        } else if (attrs.isSymbolicLink()) {
                            Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                        } else if (attrs.isRegularFile()
                                && !name.endsWith(".pyc")
                                && !name.endsWith(".pyo")) {
                            Files.copy(
                                    file,
                                    to,
                                    StandardCopyOption.COPY_ATTRIBUTES,
                                    LinkOption.NOFOLLOW_LINKS);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
    }
}
