package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Run and compare ids: folder names in the state directory (letters, digits, '.', '_', '-'), and
 * the default one, {@code <UTC time>-<8 hex>}.
 */
final class Ids {
    private Ids() {}

    static String safe(String id, String flag) {
        if (id == null || !id.matches("[A-Za-z0-9_.-]{1,100}") || id.startsWith(".")) {
            throw new HarnessGymException(
                    ExitCode.USAGE,
                    flag + " must be letters, digits, '.', '_' or '-' (at most 100)");
        }
        return id;
    }

    static String fresh() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .format(ZonedDateTime.now(ZoneOffset.UTC))
                + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
