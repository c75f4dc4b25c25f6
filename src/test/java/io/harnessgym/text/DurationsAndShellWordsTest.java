package io.harnessgym.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsAndShellWordsTest {
    @ParameterizedTest
    @CsvSource({
        "90,90",
        "45s,45",
        "10m,600",
        "1h30m,5400",
        "2m10s,130",
        "10m5,605",
        "1d,86400",
        " 5M ,300"
    })
    void durationGrammar(String text, long seconds) {
        assertThat(Durations.parseSeconds(text)).isEqualTo(seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0s", "1.5m", "1 m", "5x", "m", "-3"})
    void invalidDurations(String text) {
        assertThatThrownBy(() -> Durations.parseSeconds(text))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shellWordsFollowPosixQuoting() {
        assertThat(ShellWords.split("a  b\tc")).containsExactly("a", "b", "c");
        assertThat(ShellWords.split("'single $x' \"dq \\\" \\$ \\a\" bare\\ space"))
                .containsExactly("single $x", "dq \" $ \\a", "bare space");
        assertThat(ShellWords.split("empty '' \"\"")).containsExactly("empty", "", "");
        assertThat(ShellWords.split("con'cat'\"ed\"")).containsExactly("concated");
        assertThat(ShellWords.split("   ")).isEmpty();
        assertThatThrownBy(() -> ShellWords.split("\"open"))
                .hasMessageContaining("unterminated double quote");
        assertThatThrownBy(() -> ShellWords.split("end\\"))
                .hasMessageContaining("trailing backslash");
    }
}
