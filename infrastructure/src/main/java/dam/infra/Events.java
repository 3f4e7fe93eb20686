package dam.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.Archive;
import software.amazon.awscdk.services.events.BaseArchiveProps;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.constructs.Construct;

/**
 * The custom event bus {@value #BUS_NAME}: outbound domain events and inbound integration commands, with an archive of
 * every event on it (replay after a bug fix or for a new consumer; retention by stage). Schema discovery stays off:
 * the schemas are versioned in {@code events/}.
 */
public final class Events extends Construct {

    public static final String BUS_NAME = "dam";

    private final EventBus bus;
    private final Archive archive;

    /** A dev-stage bus, for scratch stacks in tests. */
    public Events(Construct scope, String id) {
        this(scope, id, Stage.fromContext(null));
    }

    public Events(Construct scope, String id, Stage stage) {
        super(scope, id);
        bus = EventBus.Builder.create(this, "Bus").eventBusName(BUS_NAME).build();
        archive = bus.archive("Archive", BaseArchiveProps.builder()
                .description("Every event on the " + BUS_NAME + " bus, for replay")
                // An archive needs a pattern; "from this account" matches every event on the bus.
                .eventPattern(EventPattern.builder().account(List.of(Stack.of(this).getAccount())).build())
                .retention(stage.eventArchiveRetention())
                .build());
    }

    public EventBus bus() {
        return bus;
    }

    public Archive archive() {
        return archive;
    }

    /**
     * Routes events with one of {@code detailTypes} on the bus to {@code target}. The rule is created under
     * {@code scope} (the capability) so its logical id stays stable when other capabilities add rules. Events that
     * cannot be delivered after retries go to the function's DLQ.
     */
    public Rule route(Construct scope, String id, List<String> detailTypes, DamFunction target) {
        if (detailTypes.isEmpty()) {
            throw new IllegalArgumentException("Rule " + id + " needs at least one detail-type");
        }
        Rule rule = Rule.Builder.create(scope, id)
                .eventBus(bus)
                .eventPattern(EventPattern.builder().detailType(detailTypes).build())
                .build();
        rule.addTarget(LambdaFunction.Builder.create(target.target())
                .deadLetterQueue(target.deadLetterQueue())
                .retryAttempts(4)
                .maxEventAge(Duration.hours(2))
                .build());
        return rule;
    }

    public void grantPut(DamFunction fn) {
        bus.grantPutEventsTo(fn.function());
    }
}
