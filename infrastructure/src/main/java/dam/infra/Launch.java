package dam.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * Launch and live content (issue 9), one function from the expiry-scan jar ({@value #HANDLER}):
 * <ul>
 *   <li>{@code Command Register Placement} from integrations → a placement like one made by publishing, or
 *       {@code Command Rejected};</li>
 *   <li>{@code Asset Expired} (T-0) → the asset's share links revoked ({@code Share Revoked}, reason "rights
 *       expired");</li>
 *   <li>the daily re-approval sweep ({@value #SWEEP_CRON_HOUR}:00 UTC) over the placements that reached their brand's
 *       age (GSI1 re-approval index) → a re-approval round on the asset-review state machine, or
 *       {@code Asset Unpublish Requested} when the brand's policy retires.</li>
 * </ul>
 * The API serves the brands' re-approval policies ({@link #ROUTES}).
 */
public final class Launch extends Construct {

    public static final String HANDLER = "dam.expiry.LaunchHandler::handleRequest";
    public static final int SWEEP_CRON_HOUR = 3;
    public static final List<String> ROUTES = List.of("ANY /placement-policies/{proxy+}");

    private final DamFunction function;
    private final Rule commandRule;
    private final Rule expiredRule;
    private final Rule sweepRule;

    public Launch(Construct scope, String id, Stage stage, LambdaArtifacts artifacts, Data data, Events events,
                  Api api, Review review) {
        super(scope, id);
        function = new DamFunction(this, "Function", stage, FunctionSpec.of(HANDLER, artifacts.jar("expiry-scan"))
                .memoryMb(512) // as the other expiry-scan functions
                .timeout(Duration.minutes(5)) // the sweep: one query per day and shard, then the due placements
                .env("TABLE_NAME", data.table().getTableName())
                .env("PLACEMENT_INDEX", Data.GSI1)
                .env("EVENT_BUS_NAME", events.bus().getEventBusName())
                .env("REVIEW_STATE_MACHINE_ARN", review.stateMachineArn()));
        data.grantReadWrite(function); // placements, share links + asset audit, ledger
        events.grantPut(function); // Asset Published, Command Rejected, Share Revoked, Asset Unpublish Requested
        function.function().addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("states:StartExecution")).resources(List.of(review.stateMachineArn())).build());

        commandRule = events.route(this, "RegisterPlacementRule", List.of("Command Register Placement"), function);
        expiredRule = events.route(this, "AssetExpiredRule", List.of("Asset Expired"), function);
        sweepRule = Rule.Builder.create(this, "ReapprovalSweepRule")
                .schedule(Schedule.cron(CronOptions.builder().minute("0").hour(Integer.toString(SWEEP_CRON_HOUR))
                        .build()))
                .build();
        sweepRule.addTarget(LambdaFunction.Builder.create(function.target())
                .deadLetterQueue(function.deadLetterQueue()).retryAttempts(2).maxEventAge(Duration.hours(6)).build());

        ROUTES.forEach(route -> api.addRoute(route, api.function().target(), true));
    }

    public DamFunction function() {
        return function;
    }

    public Rule commandRule() {
        return commandRule;
    }

    public Rule expiredRule() {
        return expiredRule;
    }

    public Rule sweepRule() {
        return sweepRule;
    }
}
