package io.harnessgym.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.harnessgym.testing.Files2;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SkillValidatorTest {
    @TempDir Path dir;

    private SkillValidator.Result validate(String folder, String content) {
        Path file = Files2.write(dir.resolve(folder).resolve("SKILL.md"), content);
        return SkillValidator.validate(file, Path.of(folder + "/SKILL.md"));
    }

    @Test
    void validSkillKeepsOptionalAndClientSpecificKeys() {
        SkillValidator.Result result =
                validate(
                        "pdf-tools",
                        """
                ---
                name: pdf-tools
                description: Extract text from PDFs. Use when a task mentions PDF files.
                license: MIT
                compatibility: needs poppler-utils
                metadata:
                  author: someone
                allowed-tools: Bash(pdftotext:*)
                disable-model-invocation: true
                ---
                # Body
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.skill().name()).isEqualTo("pdf-tools");
        assertThat(result.skill().frontMatter().get("disable-model-invocation").asBoolean())
                .isTrue();
        assertThat(result.skill().frontMatter().get("license").asText()).isEqualTo("MIT");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-lead",
                "trail-",
                "dou--ble",
                "Upper",
                "under_score",
                "dot.ted",
                "spa ce",
                "ünï"
            })
    void namesOutsideTheRulesAreRefused(String name) {
        SkillValidator.Result result =
                validate("folder", "---\nname: \"" + name + "\"\ndescription: d\n---\n");

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .singleElement()
                .asString()
                .contains("name '" + name + "'")
                .contains("a-z, 0-9 and single hyphens");
    }

    @Test
    void nameLengthIsOneToSixtyFour() {
        String longest = "a".repeat(64);
        assertThat(validate(longest, "---\nname: " + longest + "\ndescription: d\n---\n").valid())
                .isTrue();
        String tooLong = "a".repeat(65);
        assertThat(
                        validate(tooLong, "---\nname: " + tooLong + "\ndescription: d\n---\n")
                                .problems())
                .singleElement()
                .asString()
                .contains("must be 1-64 characters");
    }

    @Test
    void nameMustEqualTheFolder() {
        assertThat(validate("other", "---\nname: mine\ndescription: d\n---\n").problems())
                .containsExactly("other/SKILL.md: name 'mine' must equal its folder name 'other'");
    }

    @Test
    void descriptionIsRequiredAndAtMost1024Characters() {
        assertThat(validate("s", "---\nname: s\n---\n").problems())
                .containsExactly("s/SKILL.md: front matter has no 'description'");
        assertThat(validate("s", "---\nname: s\ndescription: \"  \"\n---\n").problems())
                .singleElement()
                .asString()
                .contains("description must be 1-1024 characters");
        assertThat(
                        validate("s", "---\nname: s\ndescription: " + "x".repeat(1024) + "\n---\n")
                                .valid())
                .isTrue();
        assertThat(
                        validate("s", "---\nname: s\ndescription: " + "x".repeat(1025) + "\n---\n")
                                .valid())
                .isFalse();
    }

    @Test
    void compatibilityAndMetadataAreChecked() {
        assertThat(
                        validate(
                                        "s",
                                        "---\nname: s\ndescription: d\ncompatibility: "
                                                + "x".repeat(501)
                                                + "\n---\n")
                                .problems())
                .singleElement()
                .asString()
                .contains("compatibility must be a string of 1-500 characters");
        assertThat(
                        validate(
                                        "s",
                                        "---\nname: s\ndescription: d\nmetadata:\n  a:\n    b: c\n---\n")
                                .problems())
                .singleElement()
                .asString()
                .contains("metadata must map strings to strings");
    }

    @Test
    void frontMatterShapeErrors() {
        assertThat(validate("s", "# no front matter\n").problems())
                .containsExactly(
                        "s/SKILL.md: must start with a '---' line opening the YAML front matter");
        assertThat(validate("s", "---\nname: s\ndescription: d\n").problems())
                .containsExactly("s/SKILL.md: front matter has no closing '---' line");
        assertThat(validate("s", "---\n- a\n- b\n---\n").problems())
                .containsExactly("s/SKILL.md: front matter must be a YAML mapping, found an array");
        assertThat(validate("s", "---\nname: [unclosed\n---\n").problems())
                .singleElement()
                .asString()
                .startsWith("s/SKILL.md: front matter is not valid YAML");
        assertThat(validate("s", "---\nname:\n  nested: x\ndescription: d\n---\n").problems())
                .containsExactly("s/SKILL.md: 'name' must be a string, found an object");
    }

    @Test
    void byteOrderMarkAndWindowsLineEndingsAreAccepted() {
        assertThat(validate("s", "\uFEFF---\r\nname: s\r\ndescription: d\r\n---\r\nbody").valid())
                .isTrue();
    }
}
