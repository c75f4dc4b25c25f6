package io.harnessgym.runner.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.harnessgym.runner.AgentUser;
import io.harnessgym.runner.Phase;
import io.harnessgym.testing.AgentUsers;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs root (chown): skipped with a message otherwise. */
class KindFolderOwnershipTest {
    @TempDir Path dir;
    AgentUser user;
    Path ws;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(AgentUser.runningAsRoot(), "changing owners needs root");
        user = AgentUser.lookup(AgentUsers.require(), Path.of("/etc/passwd"));
        ws = Files.createDirectories(dir.resolve("ws"));
        Files.createDirectories(ws.resolve(".harnessgym/mcp/probe"));
        Files.writeString(ws.resolve(".harnessgym/mcp/probe/server.py"), "print(1)\n");
        Files.writeString(ws.resolve(".harnessgym/registry.json"), "{}");
    }

    private static int uid(Path path) throws Exception {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aBuildPhaseGetsTheKindFoldersAndNothingElseAndGivesThemBack() throws Exception {
        KindFolderOwnership.give(ws, Phase.BUILD, user);

        assertThat(uid(ws.resolve(".harnessgym/mcp"))).isEqualTo(user.uid());
        assertThat(uid(ws.resolve(".harnessgym/mcp/probe/server.py"))).isEqualTo(user.uid());
        assertThat(uid(ws.resolve(".harnessgym"))).isZero();
        assertThat(uid(ws.resolve(".harnessgym/registry.json"))).isZero();

        KindFolderOwnership.takeBack(ws, Phase.BUILD);

        assertThat(uid(ws.resolve(".harnessgym/mcp"))).isZero();
        assertThat(uid(ws.resolve(".harnessgym/mcp/probe/server.py"))).isZero();
    }

    @Test
    void anAttemptGetsNothing() throws Exception {
        KindFolderOwnership.give(ws, Phase.ATTEMPT, user);

        assertThat(uid(ws.resolve(".harnessgym/mcp"))).isZero();
    }

    @Test
    void linksPlantedInAKindFolderNeverHandOverWhatTheyPointAt() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "root's\n");
        Files.createSymbolicLink(ws.resolve(".harnessgym/mcp/link"), secret);
        Files.createSymbolicLink(ws.resolve(".harnessgym/mcp/dirlink"), dir);
        Files.createLink(ws.resolve(".harnessgym/mcp/hard"), secret);

        KindFolderOwnership.give(ws, Phase.BUILD, user);

        assertThat(uid(secret)).isZero();
        assertThat(uid(dir)).isZero();
        assertThat(uid(ws.resolve(".harnessgym/mcp/hard"))).isZero();
    }

    @Test
    void theTakeBackDropsWriteBitsForOthersAndSetIdBitsTheAgentLeft() throws Exception {
        KindFolderOwnership.give(ws, Phase.BUILD, user);
        // as the agent would: a world-writable tool, a set-gid folder, a link of its own
        Path tool = ws.resolve(".harnessgym/mcp/probe/server.py");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path folder = ws.resolve(".harnessgym/mcp/probe");
        Files.setAttribute(folder, "unix:mode", 02777);
        Path link = Files.createSymbolicLink(ws.resolve(".harnessgym/mcp/own"), tool);
        Files.setAttribute(link, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);

        KindFolderOwnership.takeBack(ws, Phase.BUILD);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tool)))
                .isEqualTo("rwxr-xr-x");
        int mode = (Integer) Files.getAttribute(folder, "unix:mode");
        assertThat(mode & 07777).isEqualTo(0755);
        assertThat(uid(link)).isZero();
    }
}
