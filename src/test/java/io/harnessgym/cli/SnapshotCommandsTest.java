package io.harnessgym.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.testing.CliRun;
import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCommandsTest {
    @TempDir Path dir;

    CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--workspace";
        all[args.length + 1] = dir.toString();
        return CliRun.run(all);
    }

    @Test
    void createListShowDiffRestoreDropAndGc() throws Exception {
        Files2.write(dir.resolve("a.txt"), "a\n");
        Files2.write(dir.resolve("sub/b.txt"), "b\n");
        CliRun created = run("snapshot", "create", "--label", "base\u001b[2J", "--json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode snapshot = Json.MAPPER.readTree(created.out());
        String id = snapshot.get("id").asText();
        assertThat(id).hasSize(40);
        assertThat(snapshot.get("files").asInt()).isEqualTo(2);
        assertThat(snapshot.get("label").asText()).doesNotContain("\u001b");

        Files2.write(dir.resolve("a.txt"), "changed\n");
        Files2.write(dir.resolve("new.txt"), "new\n");
        Files.delete(dir.resolve("sub/b.txt"));
        CliRun diff = run("snapshot", "diff", id.substring(0, 8));
        assertThat(diff.out()).isEqualTo("M  a.txt\nA  new.txt\nA  sub\nD  sub/b.txt\n4 changes\n");

        CliRun second = run("snapshot", "create");
        assertThat(second.exitCode()).isZero();
        String secondId = second.out().lines().findFirst().orElseThrow();
        assertThat(run("snapshot", "diff", id, secondId).out()).isEqualTo(diff.out());

        CliRun list = run("snapshot", "list");
        assertThat(list.out())
                .contains(id.substring(0, 12))
                .contains("manual")
                .contains("2 snapshots");
        assertThat(run("snapshot", "show", id).out()).contains("a.txt").contains("sub/b.txt");

        CliRun restore = run("snapshot", "restore", id);
        assertThat(restore.exitCode()).isZero();
        assertThat(restore.out()).contains("removed  new.txt").contains("wrote    sub/b.txt");
        assertThat(Files2.read(dir.resolve("a.txt"))).isEqualTo("a\n");
        assertThat(dir.resolve("new.txt")).doesNotExist();
        assertThat(run("snapshot", "diff", id).out()).isEqualTo("0 changes\n");

        assertThat(run("snapshot", "drop", secondId).exitCode()).isZero();
        CliRun gc = run("state", "gc");
        assertThat(gc.out()).startsWith("removed ");
        assertThat(run("snapshot", "list", "--json").out()).doesNotContain(secondId);
    }

    @Test
    void aBadOrUnknownIdIsOneClearLine() {
        Files2.write(dir.resolve("a.txt"), "a\n");
        run("snapshot", "create");
        CliRun bad = run("snapshot", "show", "not-hex\u001b");
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.err())
                .startsWith("harnessgym: error: not a snapshot id")
                .doesNotContain("\u001b");
        assertThat(bad.err().lines()).hasSize(1);
        CliRun unknown = run("snapshot", "diff", "deadbeef");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).contains("no snapshot deadbeef");
    }
}
