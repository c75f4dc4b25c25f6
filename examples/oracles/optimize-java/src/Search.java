/** Finds a key in a sorted array, reading it only through the probe: binary search. */
public final class Search {
    private Search() {}

    /** The index of {@code key} in the probe's sorted values, or -1. */
    public static int indexOf(Probe probe, int key) {
        int low = 0;
        int high = probe.length() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int value = probe.read(mid);
            if (value == key) {
                return mid;
            }
            if (value < key) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return -1;
    }
}
