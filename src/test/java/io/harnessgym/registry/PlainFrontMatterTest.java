package io.harnessgym.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainFrontMatterTest {
    static final ObjectMapper YAML = new YAMLMapper();

    @Test
    void theCommonFormIsReadWithoutTheYamlParserAndMeansWhatYamlSays() throws Exception {
        String yaml =
                "name: pdf-tools\ndescription: Fill, merge and split PDFs (use it for forms). It's fast.\n"
                        + "license: Apache-2.0\n\nallowed-tools: Read Grep\n";

        JsonNode plain = PlainFrontMatter.parse(yaml);

        assertThat(plain).isNotNull().isEqualTo(YAML.readTree(yaml));
        assertThat(plain.get("description").asText())
                .isEqualTo("Fill, merge and split PDFs (use it for forms). It's fast.");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "name: yes",
                "name: Off",
                "description: null",
                "description: 123",
                "description: a: b",
                "description: a #b",
                "description: 'quoted'",
                "description: \"quoted\"",
                "description: [a, b]",
                "description: {a: b}",
                "description: &x anchor",
                "description: *x",
                "description: !tag x",
                "description: |",
                "description: >",
                "description: é",
                "description: ~",
                "description:",
                "description:x",
                "Name: x",
                "name: x\nname: y",
                "metadata:\n  a: b",
                "# comment\nname: x",
                "name: x # comment",
                "\tname: x",
                "name:\tx",
                "- a",
                ""
            })
    void anythingElseIsLeftToTheYamlParser(String yaml) {
        assertThat(PlainFrontMatter.parse(yaml)).isNull();
    }

    /** Differential: whatever the plain reader accepts, the YAML parser reads the same way. */
    @Test
    void onRandomFrontMatterThePlainReaderNeverDisagreesWithTheYamlParser() throws Exception {
        String[] keys = {
            "name", "description", "license", "allowed-tools", "x_y", "Name", "a1", "compatibility"
        };
        String[] words = {
            "skill",
            "Does",
            "things",
            "yes",
            "No",
            "ON",
            "null",
            "true",
            "1",
            "0x1f",
            "1.5",
            ".inf",
            "it's",
            "a,b",
            "(c)",
            "d/e",
            "f-g",
            "h_i",
            "j.",
            ":",
            "#",
            "a:",
            "-",
            "~",
            "é",
            "'",
            "\"",
            "[",
            "{",
            "&",
            "*",
            "!",
            "|",
            ">",
            "%",
            "@",
            "`",
            "y",
            "n",
            "Infinity",
            "NaN"
        };
        Random random = new Random(7);
        int accepted = 0;
        for (int round = 0; round < 5000; round++) {
            List<String> lines = new ArrayList<>();
            for (int line = random.nextInt(4) + 1; line > 0; line--) {
                StringBuilder value = new StringBuilder();
                for (int word = random.nextInt(4); word >= 0; word--) {
                    value.append(words[random.nextInt(words.length)])
                            .append(random.nextInt(5) == 0 ? "" : " ");
                }
                String separator = random.nextInt(20) == 0 ? ":" : ": ";
                lines.add(keys[random.nextInt(keys.length)] + separator + value);
                if (random.nextInt(10) == 0) {
                    lines.add("");
                }
            }
            String yaml = String.join("\n", lines);
            JsonNode plain = PlainFrontMatter.parse(yaml);
            if (plain != null) {
                accepted++;
                assertThat(plain).as(yaml).isEqualTo(YAML.readTree(yaml));
            }
        }
        assertThat(accepted).as("documents the plain reader took").isGreaterThan(200);
    }
}
