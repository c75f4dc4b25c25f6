/** Finds a key in a sorted array, reading it only through the probe. */
public final class Search {
    private Search() {}

    /** The index of {@code key} in the probe's sorted values, or -1. */
    public static int indexOf(Probe probe, int key) {
        for (int i = 0; i < probe.length(); i++) {
            int value = probe.read(i);
            if (value == key) {
                return i;
            }
            if (value > key) {
                return -1;
            }
        }
        return -1;
    }
}
