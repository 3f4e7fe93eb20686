package dam.core.analytics;

/**
 * Port: where the request path drops a use. One small write per use and nothing else — aggregation happens later,
 * off the request (the table stream feeds the aggregator), so a report never blocks or slows a download.
 */
public interface UsageLog {

    void record(UsageEvent event);
}
