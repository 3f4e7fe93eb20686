package dam.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfig;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * One Lambda function the way every DAM function is deployed: java21 on x86_64, its own role (no managed policies;
 * log writing granted on its own log group), a log group with stage retention, JSON logs, X-Ray tracing, and an SQS
 * DLQ that receives async invocations that failed after {@value #ASYNC_RETRIES} retries and, as the rule target DLQ,
 * events EventBridge could not deliver.
 *
 * <p>SnapStart is on: every deploy publishes a version (when code or configuration changed) and moves the alias
 * {@value #ALIAS} to it. Anything that <em>invokes</em> the function (rules, state machines, API routes, schedules)
 * must use {@link #target()} (the alias): an unqualified ARN runs {@code $LATEST}, which has no snapshot and cold-starts
 * the slow way. Locally the deployer treats the alias and versions as the function itself.
 *
 * <p>Callers add permissions with the resources' {@code grant*} methods on {@link #function()} (its role) and set
 * environment variables there; invocation permissions go on {@link #target()}.
 */
public final class DamFunction extends Construct {

    /** Async invocations retried twice by Lambda before landing in the DLQ. */
    static final int ASYNC_RETRIES = 2;
    /** The alias every invoker targets; it always points at the latest published (snapshotted) version. */
    public static final String ALIAS = "live";

    private final Function function;
    private final Queue deadLetterQueue;
    private final LogGroup logGroup;
    private final Role role;
    private final Alias alias;

    public DamFunction(Construct scope, String id, Stage stage, FunctionSpec spec) {
        super(scope, id);

        deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();

        logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(stage.logRetention())
                .removalPolicy(stage.removalPolicy())
                .build();

        // Own role instead of AWSLambdaBasicExecutionRole: writes only to its own log group.
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        logGroup.grantWrite(role);

        Map<String, String> environment = new LinkedHashMap<>();
        // C1-only JIT: measurably faster Java cold starts for short handlers (AWS Lambda Java guidance).
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        environment.put("DAM_STAGE", stage.name());
        environment.putAll(spec.environment());

        function = Function.Builder.create(this, "Function")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.X86_64)
                .handler(spec.handler())
                .code(Code.fromAsset(spec.jar().toString()))
                .memorySize(spec.memoryMb())
                .reservedConcurrentExecutions(spec.reservedConcurrency())
                .timeout(spec.timeout())
                .environment(environment)
                .role(role)
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .tracing(Tracing.ACTIVE)
                .retryAttempts(ASYNC_RETRIES)
                .maxEventAge(Duration.hours(6))
                // DeadLetterConfig on the function (not an on-failure destination): the same setting works in AWS
                // and in the local cloud's Lambda provider, which reads it from the function.
                .deadLetterQueue(deadLetterQueue)
                // Java init (class loading, SDK clients, Micronaut) runs once at publish time, not per cold start.
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                // Old versions are deleted once the alias has moved on: they would otherwise pile up (code storage
                // quota) with a snapshot each.
                .currentVersionOptions(VersionOptions.builder().removalPolicy(RemovalPolicy.DESTROY).build())
                .build();
        alias = function.addAlias(ALIAS);
        // The same async settings for the alias: EventInvokeConfig is per qualifier, and rules invoke the alias.
        // Qualifier as a literal (addAlias' own option derives it from the alias ARN with Fn::Split).
        EventInvokeConfig.Builder.create(this, "AliasAsyncConfig")
                .function(function)
                .qualifier(ALIAS)
                .retryAttempts(ASYNC_RETRIES)
                .maxEventAge(Duration.hours(6))
                .build();

        Nag.suppress(role, "AwsSolutions-IAM5",
                "X-Ray PutTraceSegments/PutTelemetryRecords support only Resource '*' (active tracing).",
                "Resource::*");
        Nag.suppress(function, "AwsSolutions-L1",
                "The product targets the java21 runtime (Java 17 bytecode, SnapStart-capable); "
                        + "java25 is adopted after cold start is measured on it.");
    }

    public Function function() {
        return function;
    }

    /**
     * What invokers reference: the {@value #ALIAS} alias (SnapStart only applies to published versions). Grant
     * invocation on this, e.g. {@code fn.target().grantInvoke(stateMachine)}.
     */
    public Alias target() {
        return alias;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    public IRole role() {
        return role;
    }
}
