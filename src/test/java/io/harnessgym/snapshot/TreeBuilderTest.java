package io.harnessgym.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeBuilderTest {
    @TempDir Path tmp;

    @Test
    void gitOrderAgreesWithComparingUtf8BytesWithASlashAfterFolders() {
        List<String> alphabet =
                List.of(
                        "a", "b", "-", ".", "/", "0", "_", "~", "é", "ü", "日", "😀", "\uE000",
                        "\uFFFD");
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            String a = name(random, alphabet);
            String b = random.nextInt(4) == 0 ? a + name(random, alphabet) : name(random, alphabet);
            boolean aFolder = random.nextBoolean();
            boolean bFolder = random.nextBoolean();
            if (a.equals(b)) {
                continue;
            }
            int expected =
                    Integer.signum(Arrays.compareUnsigned(bytes(a, aFolder), bytes(b, bFolder)));
            assertThat(Integer.signum(TreeBuilder.gitOrder(a, aFolder, b, bFolder)))
                    .as("%s%s vs %s%s", a, aFolder ? "/" : "", b, bFolder ? "/" : "")
                    .isEqualTo(expected);
        }
    }

    @Test
    void aSnapshotsTreeIsTheTreeGitItselfWrites() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        for (String name : List.of("a", "a.b", "a-b", "a0", "é", "日本語.txt", "😀.md", "Z", "_x")) {
            Files2.write(ws.resolve(name.equals("a") ? "a/inner.txt" : name), name + "\n");
        }
        Files2.write(ws.resolve("a-b.d/deeper/file"), "deep\n"); // a folder sorted among files
        Path tool = Files2.write(ws.resolve("bin/tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(ws.resolve("link"), Path.of("a/inner.txt"));
        git(ws, "init", "-q");
        git(ws, "add", "-A");
        String gitTree = git(ws, "write-tree").strip();

        try (SnapshotStore store =
                SnapshotStore.open(Workspace.open(ws), new StateDir(tmp.resolve("state")))) {
            Snapshot snapshot = store.take("t", Excludes.DEFAULT);
            RevCommit commit =
                    RevCommit.parse(
                            store.repository().open(ObjectId.fromString(snapshot.id())).getBytes());
            assertThat(commit.getTree().getId().name()).isEqualTo(gitTree);
        }
    }

    private static String git(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("HOME", dir.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }

    private static String name(Random random, List<String> alphabet) {
        StringBuilder name = new StringBuilder();
        int length = 1 + random.nextInt(4);
        for (int i = 0; i < length; i++) {
            String c = alphabet.get(random.nextInt(alphabet.size()));
            if (!c.equals("/")) {
                name.append(c);
            }
        }
        return name.length() == 0 ? "x" : name.toString();
    }

    private static byte[] bytes(String name, boolean folder) {
        return (folder ? name + "/" : name).getBytes(StandardCharsets.UTF_8);
    }
}
