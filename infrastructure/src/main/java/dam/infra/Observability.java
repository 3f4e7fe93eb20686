package dam.infra;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Alarms and a dashboard for everything in the stack, found by walking the construct tree — a capability added to
 * {@link DamStack} gets its alarms without touching this class:
 * <ul>
 *   <li>every Lambda function: Errors ≥ 1 and Throttles ≥ 1 in 5 minutes;</li>
 *   <li>every dead-letter queue (a {@link DamFunction}'s, or any queue named as another queue's DLQ): a visible
 *       message;</li>
 *   <li>every state machine: ExecutionsFailed ≥ 1, ExecutionsTimedOut ≥ 1;</li>
 *   <li>every HTTP API: 5xx ≥ 5 in 5 minutes.</li>
 * </ul>
 * Alarms notify the SNS topic (KMS-encrypted with a key CloudWatch may use; {@code -c alarmEmail=...} subscribes a
 * mailbox). Create it last in {@link DamStack}: a synth-time validation names anything it did not cover.
 */
public final class Observability extends Construct {

    static final Duration PERIOD = Duration.minutes(5);
    static final int API_5XX_THRESHOLD = 5;

    private final Topic topic;
    private final Key topicKey;
    private final Dashboard dashboard;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Set<IConstruct> covered = Collections.newSetFromMap(new IdentityHashMap<>());

    /** @param alarmEmail mailbox subscribed to the alarm topic, or null for none */
    public Observability(Construct scope, String id, Stage stage, String alarmEmail) {
        super(scope, id);
        Stack stack = Stack.of(this);

        // SNS SSE with the AWS-managed key would silently drop alarm notifications: CloudWatch needs a key policy grant.
        topicKey = Key.Builder.create(this, "AlarmTopicKey")
                .description("Encrypts the DAM alarm topic; CloudWatch may use it to publish")
                .enableKeyRotation(true)
                .removalPolicy(stage.removalPolicy())
                .build();
        topicKey.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        topic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("DAM alarms (" + stage.name() + ")")
                .masterKey(topicKey)
                .enforceSsl(true)
                .build();
        if (alarmEmail != null && !alarmEmail.isBlank()) {
            if (!alarmEmail.matches("[^@\\s]+@[^@\\s]+")) {
                throw new IllegalArgumentException("alarmEmail must be an email address, got '" + alarmEmail + "'");
            }
            topic.addSubscription(new EmailSubscription(alarmEmail));
        }

        List<IWidget> widgets = new ArrayList<>();
        for (Function fn : find(stack, Function.class)) {
            String name = name(fn);
            alarm(fn, name + "Errors", fn.metricErrors(sum()), 1, "Lambda " + name + " failed an invocation");
            alarm(fn, name + "Throttles", fn.metricThrottles(sum()), 1, "Lambda " + name + " was throttled");
            widgets.add(graph("λ " + name, List.of(fn.metricInvocations(sum()), fn.metricErrors(sum()),
                    fn.metricThrottles(sum())), List.of(fn.metricDuration(MetricOptions.builder().statistic("p99")
                    .period(PERIOD).build()))));
        }
        List<IMetric> dlqDepths = new ArrayList<>();
        for (IQueue dlq : deadLetterQueues(stack)) {
            String name = name(dlq);
            Metric visible = dlq.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                    .statistic("Maximum").period(PERIOD).build());
            alarm(dlq, name + "Depth", visible, 1, "Dead-letter queue " + name + " holds failed work");
            dlqDepths.add(visible);
        }
        for (StateMachine machine : find(stack, StateMachine.class)) {
            String name = name(machine);
            alarm(machine, name + "Failed", machine.metricFailed(sum()), 1, "State machine " + name
                    + " had a failed execution");
            alarm(machine, name + "TimedOut", machine.metricTimedOut(sum()), 1, "State machine " + name
                    + " had a timed-out execution");
            widgets.add(graph("Workflow " + name, List.of(machine.metricStarted(sum()),
                    machine.metricSucceeded(sum()), machine.metricFailed(sum()), machine.metricTimedOut(sum())),
                    List.of()));
        }
        for (HttpApi api : find(stack, HttpApi.class)) {
            String name = name(api);
            alarm(api, name + "ServerErrors", api.metricServerError(sum()), API_5XX_THRESHOLD, "HTTP API " + name
                    + " answered 5xx " + API_5XX_THRESHOLD + "+ times in 5 minutes");
            widgets.add(graph("API " + name, List.of(api.metricCount(sum()), api.metricClientError(sum()),
                    api.metricServerError(sum())), List.of(api.metricLatency(MetricOptions.builder()
                    .statistic("p99").period(PERIOD).build()))));
        }
        if (!dlqDepths.isEmpty()) {
            widgets.add(graph("Dead-letter queues (messages visible)", dlqDepths, List.of()));
        }

        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("dam-" + stage.name())
                .build();
        dashboard.addWidgets(AlarmStatusWidget.Builder.create().title("Alarms").width(24)
                .alarms(List.<IAlarm>copyOf(alarms)).build());
        for (int i = 0; i < widgets.size(); i += 2) {
            dashboard.addWidgets(widgets.subList(i, Math.min(i + 2, widgets.size())).toArray(IWidget[]::new));
        }

        getNode().addValidation(() -> uncovered(stack));
    }

    private void alarm(IConstruct subject, String id, IMetric metric, int threshold, String description) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                // No data means no invocations/executions/messages: that is healthy, not unknown.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
        alarms.add(alarm);
        covered.add(subject);
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().statistic("Sum").period(PERIOD).build();
    }

    private static GraphWidget graph(String title, List<? extends IMetric> left, List<? extends IMetric> right) {
        return GraphWidget.Builder.create().title(title).width(12).height(6).left(left).right(right).build();
    }

    /** Each DamFunction's DLQ plus every queue that another queue redrives to. */
    private static Set<IQueue> deadLetterQueues(Stack stack) {
        Set<IQueue> queues = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<IQueue> ordered = new LinkedHashSet<>();
        for (DamFunction fn : find(stack, DamFunction.class)) {
            if (queues.add(fn.deadLetterQueue())) {
                ordered.add(fn.deadLetterQueue());
            }
        }
        for (Queue queue : find(stack, Queue.class)) {
            if (queue.getDeadLetterQueue() != null && queues.add(queue.getDeadLetterQueue().getQueue())) {
                ordered.add(queue.getDeadLetterQueue().getQueue());
            }
        }
        return ordered;
    }

    /** What should have alarms but has none (a capability created after this construct). */
    private List<String> uncovered(Stack stack) {
        List<IConstruct> expected = new ArrayList<>();
        expected.addAll(find(stack, Function.class));
        expected.addAll(find(stack, StateMachine.class));
        expected.addAll(find(stack, HttpApi.class));
        expected.addAll(deadLetterQueues(stack));
        List<String> missing = new ArrayList<>();
        for (IConstruct c : expected) {
            if (!covered.contains(c)) {
                missing.add(c.getNode().getPath() + " has no alarms: create Observability last in DamStack");
            }
        }
        return missing;
    }

    private static <T> List<T> find(Stack stack, Class<T> type) {
        return stack.getNode().findAll().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Stable, readable id part from the path under the stack: "Api/Handler/Function" → "ApiHandler". */
    static String name(IConstruct construct) {
        String path = construct.getNode().getPath();
        String relative = path.substring(path.indexOf('/') + 1).replaceAll("/(Function|Resource)$", "");
        return Api.pascal(relative);
    }

    public Topic topic() {
        return topic;
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }
}
