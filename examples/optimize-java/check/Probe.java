/** A sorted array whose every read is counted. */
public final class Probe {
    private final int[] values;
    private long reads;

    public Probe(int[] values) {
        this.values = values.clone();
    }

    public int length() {
        return values.length;
    }

    public int read(int index) {
        reads++;
        return values[index];
    }

    public long reads() {
        return reads;
    }
}
