/** A small calculator with one bug. */
public class Calc {
    private Calc() {}

    public static int add(int a, int b) {
        return a - b;
    }
}
