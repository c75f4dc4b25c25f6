package io.harnessgym.compare;

/**
 * What a compare concludes on its primary metric: {@code better}, {@code worse} or {@code not
 * shown}, with the Holm-adjusted p-value it rests on and why; never a bare difference of means.
 */
public record Verdict(String verdict, String metric, Double pValue, Double effect, String reason) {
    public static final String BETTER = "better";
    public static final String WORSE = "worse";
    public static final String NOT_SHOWN = "not shown";

    static Verdict notShown(String metric, String reason) {
        return new Verdict(NOT_SHOWN, metric, null, null, reason);
    }

    static Verdict of(Comparison primary, double alpha) {
        if (primary.pAdjusted() < alpha) {
            String word = primary.improvement() ? BETTER : WORSE;
            return new Verdict(
                    word,
                    primary.metric(),
                    primary.pAdjusted(),
                    primary.effect().value(),
                    "the harnessed arm is "
                            + word
                            + " on "
                            + primary.metric()
                            + " ("
                            + primary.test()
                            + ", Holm-adjusted p = "
                            + String.format(java.util.Locale.ROOT, "%.4g", primary.pAdjusted())
                            + " < "
                            + alpha
                            + ")");
        }
        return new Verdict(
                NOT_SHOWN,
                primary.metric(),
                primary.pAdjusted(),
                primary.effect().value(),
                "no difference on "
                        + primary.metric()
                        + " was shown ("
                        + primary.test()
                        + ", Holm-adjusted p = "
                        + String.format(java.util.Locale.ROOT, "%.4g", primary.pAdjusted())
                        + (primary.trialsFor80Power() == null
                                ? ""
                                : "; about "
                                        + primary.trialsFor80Power()
                                        + " trials per arm would detect the observed effect at 80% power")
                        + ")");
    }
}
