package io.harnessgym.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harnessgym.testing.Files2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentDigestTest {
    @TempDir Path temp;

    Path root;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(temp.resolve("ws")).toRealPath();
    }

    private Path skillDir(String name, boolean reverseOrder) {
        Path dir = root.resolve(name);
        String[][] files = {
            {"SKILL.md", "---\nname: s\n---\n"}, {"scripts/run.sh", "echo hi\n"}, {"a.txt", "a"}
        };
        for (int i = 0; i < files.length; i++) {
            String[] file = files[reverseOrder ? files.length - 1 - i : i];
            Files2.write(dir.resolve(file[0]), file[1]);
        }
        return dir;
    }

    @Test
    void sameContentSameDigestWhateverTheCreationOrderOrLocation() {
        String first = ContentDigest.of(root, skillDir("one", false));
        String second = ContentDigest.of(root, skillDir("two", true));

        assertThat(first).startsWith("sha256:").hasSize(7 + 64).isEqualTo(second);
    }

    @Test
    void theDigestIsTheDocumentedFormatSoRecordedDigestsSurviveRefactoring() throws Exception {
        Path dir = skillDir("s", false);
        Files2.write(dir.resolve("sub/deeper/b.txt"), "é\n");
        dir.resolve("scripts/run.sh").toFile().setExecutable(true, true);
        Files.createSymbolicLink(dir.resolve("link"), Path.of("a.txt"));
        Files.createDirectories(dir.resolve("__pycache__"));
        Files2.write(dir.resolve("__pycache__/x.pyc"), "litter");

        // docs/formats.md, "Content digest", written out by hand: paths in string order, litter
        // left out.
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        String[][] entries = {
            {"F", "SKILL.md", "---\nname: s\n---\n"},
            {"F", "a.txt", "a"},
            {"L", "link", "a.txt"},
            {"X", "scripts/run.sh", "echo hi\n"},
            {"F", "sub/deeper/b.txt", "é\n"}
        };
        for (String[] entry : entries) {
            byte[] content = entry[2].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String header =
                    entry[0]
                            + " "
                            + entry[1]
                            + "\0"
                            + (entry[0].equals("L") ? entry[2] + "\0" : content.length + "\0");
            expected.write(header.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!entry[0].equals("L")) {
                expected.write(content);
            }
        }
        String hex =
                java.util.HexFormat.of()
                        .formatHex(
                                java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(expected.toByteArray()));

        assertThat(ContentDigest.of(root, dir)).isEqualTo("sha256:" + hex);
    }

    @Test
    void anyChangeOfContentNameOrModeChangesTheDigest() throws Exception {
        Path dir = skillDir("s", false);
        String original = ContentDigest.of(root, dir);

        Files2.write(dir.resolve("a.txt"), "b");
        String edited = ContentDigest.of(root, dir);
        Files.move(dir.resolve("a.txt"), dir.resolve("b.txt"));
        String renamed = ContentDigest.of(root, dir);
        Files.setPosixFilePermissions(
                dir.resolve("scripts/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String executable = ContentDigest.of(root, dir);

        assertThat(java.util.List.of(original, edited, renamed, executable))
                .doesNotHaveDuplicates();
    }

    @Test
    void litterDoesNotChangeTheDigest() {
        Path dir = skillDir("s", false);
        String clean = ContentDigest.of(root, dir);

        Files2.write(dir.resolve("__pycache__/run.cpython-311.pyc"), "bytecode");
        Files2.write(dir.resolve("helper.pyc"), "bytecode");
        Files2.write(dir.resolve(".DS_Store"), "mac");
        Files2.write(dir.resolve("notes.txt~"), "backup");
        Files2.write(dir.resolve(".SKILL.md.swp"), "vim");

        assertThat(ContentDigest.of(root, dir)).isEqualTo(clean);
    }

    @Test
    void singleFileDigestAndShortForm() {
        Path file = Files2.write(root.resolve("tool.py"), "print(1)\n");

        String digest = ContentDigest.of(root, file);

        assertThat(ContentDigest.shortForm(digest)).hasSize(12).isEqualTo(digest.substring(7, 19));
        assertThat(ContentDigest.shortForm(null)).isEqualTo("-");
    }

    @Test
    void symlinksAreHashedAsLinksAndMayNotLeaveTheWorkspace() throws Exception {
        Path dir = skillDir("s", false);
        Files.createSymbolicLink(dir.resolve("inside"), Path.of("a.txt"));
        String withLink = ContentDigest.of(root, dir);
        assertThat(withLink).isNotEqualTo(ContentDigest.of(root, skillDir("t", false)));

        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(dir.resolve("escape"), outside);
        assertThatThrownBy(() -> ContentDigest.of(root, dir))
                .hasMessageContaining("outside the workspace");
    }

    @Test
    void theListingOfADiscoveryWalkGivesTheSameDigestsAsTheFileSystem() throws Exception {
        Path skill = root.resolve(".harnessgym/skills/deep");
        Files2.write(skill.resolve("SKILL.md"), "---\nname: deep\ndescription: d\n---\n");
        Files2.write(skill.resolve("a/b/c/data.txt"), "nested");
        Files2.write(skill.resolve("__pycache__/x.pyc"), "litter");
        Files2.write(skill.resolve("a/.DS_Store"), "litter");
        Files2.write(skill.resolve("run.sh"), "echo\n").toFile().setExecutable(true, true);
        Files.createSymbolicLink(skill.resolve("a/link"), Path.of("b/c/data.txt"));
        Files.createDirectories(skill.resolve("empty"));
        Path tool = Files2.write(root.resolve(".harnessgym/tools/t.py"), "print(1)\n");
        var workspace = io.harnessgym.workspace.Workspace.open(root);

        BundleListing listing = Discovery.scan(workspace).listing();

        assertThat(listing.sawAsNotLink(skill.resolve("a/b"))).isTrue();
        assertThat(listing.sawAsNotLink(skill.resolve("a/link"))).isFalse();
        for (Path target :
                java.util.List.of(skill, skill.resolve("a"), tool, skill.resolve("run.sh"))) {
            assertThat(ContentDigest.of(root, target, listing))
                    .as(target.toString())
                    .isEqualTo(ContentDigest.of(root, target));
        }
    }
}
