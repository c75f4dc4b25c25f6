/** The verdict on Calc: prints {"status": "passed" | "failed", "score": <cases passed>, "cases": N}. */
public class Check {
    public static void main(String[] args) {
        int[][] cases = {{1, 2, 3}, {2, 2, 4}, {-1, 5, 4}, {0, 0, 0}, {40, 2, 42}};
        int passed = 0;
        for (int[] c : cases) {
            if (Calc.add(c[0], c[1]) == c[2]) {
                passed++;
            }
        }
        String status = passed == cases.length ? "passed" : "failed";
        System.out.println("{\"status\": \"" + status + "\", \"score\": " + passed + ", \"cases\": " + cases.length + "}");
    }
}
