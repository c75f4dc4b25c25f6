package io.harnessgym.text;

/**
 * The Python tool's duration grammar: digits alone are seconds; otherwise back-to-back {@code
 * <digits><unit?>} pieces with units s, m, h, d (a missing unit means seconds), so {@code 1h30m} is
 * 5400 and {@code 10m5} is 605. No whitespace inside, no decimals, total above 0.
 */
public final class Durations {
    private Durations() {}

    public static long parseSeconds(String text) {
        String value = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        long total = 0;
        int i = 0;
        while (i < value.length()) {
            int start = i;
            while (i < value.length()
                    && Character.isDigit(value.charAt(i))
                    && value.charAt(i) < 128) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException(
                        "invalid duration '" + text + "' (use e.g. 90, 45s, 10m, 1h30m)");
            }
            long amount;
            try {
                amount = Long.parseLong(value.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration '" + text + "' is too large");
            }
            long unit = 1;
            if (i < value.length() && !Character.isDigit(value.charAt(i))) {
                unit =
                        switch (value.charAt(i)) {
                            case 's' -> 1;
                            case 'm' -> 60;
                            case 'h' -> 3600;
                            case 'd' -> 86400;
                            default ->
                                    throw new IllegalArgumentException(
                                            "invalid duration '"
                                                    + text
                                                    + "': unknown unit '"
                                                    + value.charAt(i)
                                                    + "'");
                        };
                i++;
            }
            total = Math.addExact(total, Math.multiplyExact(amount, unit));
        }
        if (total <= 0) {
            throw new IllegalArgumentException("duration '" + text + "' must be greater than 0");
        }
        return total;
    }
}
