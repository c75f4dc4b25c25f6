package io.harnessgym.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.testing.Files2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceLockTest {
    @TempDir Path dir;

    Workspace workspace;

    @BeforeEach
    void setUp() {
        workspace = Workspace.open(dir);
    }

    @Test
    void lockNamesItsHolderAndIsRemovedOnClose() {
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "registry sync")) {
            WorkspaceLock.Holder holder =
                    WorkspaceLock.readHolder(workspace.lockFile()).orElseThrow();
            assertThat(holder.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(holder.command()).isEqualTo("registry sync");
            assertThat(holder.startedAt()).isNotBlank();
        }
        assertThat(workspace.lockFile()).doesNotExist();
    }

    @Test
    void aSecondHolderIsRefusedWithTheHoldersPid() {
        try (WorkspaceLock first = WorkspaceLock.acquire(workspace, "registry sync")) {
            assertThatThrownBy(() -> WorkspaceLock.acquire(workspace, "registry quarantine"))
                    .isInstanceOfSatisfying(
                            HarnessGymException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                    .hasMessageContaining(
                            "locked by harnessgym PID " + ProcessHandle.current().pid())
                    .hasMessageContaining("registry sync");
        }
    }

    @Test
    void aLockHeldByAnotherLiveProcessIsRefused() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            writeLock(sleeper.pid(), sleeper.info().startInstant().orElseThrow().toString(), "t1");
            assertThatThrownBy(() -> WorkspaceLock.acquire(workspace, "registry sync"))
                    .hasMessageContaining("locked by harnessgym PID " + sleeper.pid());
            assertThat(Files2.read(workspace.lockFile())).contains("\"t1\"");
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLockWhoseProcessIsGoneIsTakenOver() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor(10, TimeUnit.SECONDS);
        writeLock(finished.pid(), "2020-01-01T00:00:00Z", "old");

        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "registry sync")) {
            assertThat(WorkspaceLock.readHolder(workspace.lockFile()).orElseThrow().pid())
                    .isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void aReusedPidIsRecognisedByItsStartTime() throws Exception {
        // Our own PID is alive, but it did not start at the time the lock records: the holder is
        // gone.
        writeLock(ProcessHandle.current().pid(), "2001-01-01T00:00:00Z", "reused");

        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "registry sync")) {
            assertThat(Files2.read(workspace.lockFile())).doesNotContain("reused");
        }
    }

    @Test
    void garbageInTheLockFileCountsAsStale() throws Exception {
        Files2.write(workspace.lockFile(), "not json at all");

        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "registry sync")) {
            assertThat(WorkspaceLock.readHolder(workspace.lockFile())).isPresent();
        }
    }

    @Test
    void releaseLeavesAlone_aLockThatSomeoneElseNowHolds() throws Exception {
        WorkspaceLock lock = WorkspaceLock.acquire(workspace, "registry sync");
        Files.delete(workspace.lockFile());
        writeLock(ProcessHandle.current().pid(), null, "someone-else");

        lock.close();
        assertThat(Files2.read(workspace.lockFile())).contains("someone-else");
    }

    private void writeLock(long pid, String startedAt, String token) {
        var node = Json.object();
        node.put("pid", pid);
        node.put("started_at", startedAt);
        node.put("host", hostName());
        node.put("command", "registry sync");
        node.put("acquired_at", "2026-11-21T00:00:00Z");
        node.put("token", token);
        Json.writeAtomic(workspace.lockFile(), node);
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
