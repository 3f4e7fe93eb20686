package dam.aws.observe;

/** CloudWatch units used by the DAM's metrics (EMF "Unit" values). */
public enum MetricUnit {
    COUNT("Count"), MILLISECONDS("Milliseconds"), BYTES("Bytes"), NONE("None");

    private final String cloudWatch;

    MetricUnit(String cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    public String cloudWatch() {
        return cloudWatch;
    }
}
