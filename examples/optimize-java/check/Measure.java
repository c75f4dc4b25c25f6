import java.util.Random;

/**
 * Measures Search.indexOf: the average reads per lookup over random sorted arrays, half the keys
 * present. Prints one JSON line; any wrong answer fails. "final" uses held-out seeds and sizes.
 */
public final class Measure {
    public static void main(String[] args) {
        boolean dev = args.length > 0 && args[0].equals("dev");
        long seed = dev ? 1 : 20261202;
        int size = dev ? 2_000 : 10_000;
        int arrays = dev ? 3 : 8;
        int lookups = dev ? 200 : 500;
        Random random = new Random(seed);
        long reads = 0;
        long total = 0;
        int wrong = 0;
        for (int a = 0; a < arrays; a++) {
            int[] values = new int[size];
            int next = random.nextInt(10);
            for (int i = 0; i < size; i++) {
                values[i] = next;
                next += 1 + random.nextInt(5);
            }
            Probe probe = new Probe(values);
            for (int l = 0; l < lookups; l++) {
                int expected;
                int key;
                if (random.nextBoolean()) {
                    expected = random.nextInt(size);
                    key = values[expected];
                } else {
                    key = random.nextInt(next + 10) - 5;
                    expected = java.util.Arrays.binarySearch(values, key);
                    if (expected < 0) {
                        expected = -1;
                    }
                }
                int got;
                try {
                    got = Search.indexOf(probe, key);
                } catch (RuntimeException e) {
                    got = -2;
                }
                if (got != expected) {
                    wrong++;
                }
                total++;
            }
            reads += probe.reads();
        }
        double perLookup = (double) reads / total;
        String mode = dev ? "dev" : "final";
        if (wrong > 0) {
            System.out.printf(
                    "{\"status\":\"failed\",\"mode\":\"%s\",\"wrong\":%d,\"lookups\":%d}%n",
                    mode, wrong, total);
        } else {
            System.out.printf(
                    java.util.Locale.ROOT,
                    "{\"status\":\"passed\",\"mode\":\"%s\",\"score\":%.2f,\"lookups\":%d}%n",
                    mode, perLookup, total);
        }
    }
}
