package dam.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NoncurrentVersionTransition;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * Archiving and deletion policies (issue 9). The <b>retention</b> function ({@value #HANDLER}, expiry-scan jar) keeps
 * each asset's retention clock from {@code Asset Approved}/{@code Asset Published}/{@code Asset Expired} and runs
 * every brand's policy daily at {@value #CRON_HOUR}:00 UTC. The originals bucket gets a lifecycle rule: objects tagged
 * {@value #TAG_KEY}={@value #TAG_VALUE} (archived originals) move to S3 Glacier Flexible Retrieval — restoring one is
 * a RestoreObject and then a copy back to STANDARD, which the lifecycle code does. The API function archives,
 * restores and deletes by hand (routes under /assets/{proxy+} and /brands/{proxy+}, already the API's), so it and the
 * retention function get the same S3 rights: tag, restore, copy and delete originals (every version), list and
 * delete the asset's renditions, downloads and compare images.
 */
public final class Retention extends Construct {

    public static final String HANDLER = "dam.expiry.RetentionHandler::handleRequest";
    public static final int CRON_HOUR = 3;
    public static final String TAG_KEY = "dam-lifecycle";
    public static final String TAG_VALUE = "archived";
    /** Derivative prefixes an asset's deletion empties (each followed by the asset id). */
    public static final List<String> DERIVATIVE_PREFIXES = List.of("renditions/", "downloads/", "compare/");
    public static final List<String> USES = List.of("Asset Approved", "Asset Published", "Asset Expired");

    private final DamFunction runner;
    private final Rule schedule;

    public Retention(Construct scope, String id, Stage stage, LambdaArtifacts artifacts, Data data, Events events,
                     Storage storage, Api api) {
        super(scope, id);
        storage.originals().addLifecycleRule(LifecycleRule.builder()
                .id("archived-originals-to-glacier")
                .tagFilters(Map.of(TAG_KEY, TAG_VALUE))
                .transitions(List.of(Transition.builder().storageClass(StorageClass.GLACIER)
                        .transitionAfter(Duration.days(0)).build()))
                .noncurrentVersionTransitions(List.of(NoncurrentVersionTransition.builder()
                        .storageClass(StorageClass.GLACIER).transitionAfter(Duration.days(0)).build()))
                .build());

        runner = new DamFunction(this, "Runner", stage, FunctionSpec.of(HANDLER, artifacts.jar("expiry-scan"))
                .memoryMb(512)
                .timeout(Duration.minutes(15)) // a day's archiving/deletions; each asset is its own short step
                .env("TABLE_NAME", data.table().getTableName())
                .env("INDEX_NAME", Data.GSI1)
                .env("EVENT_BUS_NAME", events.bus().getEventBusName())
                .env("ORIGINALS_BUCKET", storage.originals().getBucketName())
                .env("DERIVATIVES_BUCKET", storage.derivatives().getBucketName()));
        data.grantReadWrite(runner);
        events.grantPut(runner);
        for (DamFunction fn : List.of(runner, api.function())) {
            grantObjects(fn, storage);
        }
        api.function().function().addEnvironment("ORIGINALS_BUCKET", storage.originals().getBucketName());
        api.function().function().addEnvironment("DERIVATIVES_BUCKET", storage.derivatives().getBucketName());

        events.route(this, "UseRule", USES, runner);
        schedule = Rule.Builder.create(this, "DailyRule")
                .schedule(Schedule.cron(CronOptions.builder().minute("0").hour(Integer.toString(CRON_HOUR)).build()))
                .build();
        schedule.addTarget(LambdaFunction.Builder.create(runner.target())
                .deadLetterQueue(runner.deadLetterQueue()).retryAttempts(2).maxEventAge(Duration.hours(6)).build());
    }

    private static void grantObjects(DamFunction fn, Storage storage) {
        Bucket originals = storage.originals();
        Bucket derivatives = storage.derivatives();
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:PutObjectTagging", "s3:DeleteObjectTagging",
                        "s3:RestoreObject", "s3:DeleteObject", "s3:DeleteObjectVersion"))
                .resources(List.of(originals.arnForObjects(Ingest.ORIGINALS_PREFIX + "*")))
                .build());
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket", "s3:ListBucketVersions"))
                .resources(List.of(originals.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(Ingest.ORIGINALS_PREFIX + "*"))))
                .build());
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:DeleteObject"))
                .resources(DERIVATIVE_PREFIXES.stream().map(p -> derivatives.arnForObjects(p + "*")).toList())
                .build());
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(derivatives.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix",
                        DERIVATIVE_PREFIXES.stream().map(p -> p + "*").toList())))
                .build());
        String o = "Resource::<" + logicalId(originals) + ".Arn>/";
        String d = "Resource::<" + logicalId(derivatives) + ".Arn>/";
        Nag.suppress(fn.role(), "AwsSolutions-IAM5",
                "Archiving, restoring and deleting an asset touch its objects only, under server-chosen prefixes "
                        + "(originals/<asset>/, renditions|downloads|compare/<asset>/); asset ids are known at run time.",
                o + Ingest.ORIGINALS_PREFIX + "*", d + "renditions/*", d + "downloads/*", d + "compare/*");
    }

    private static String logicalId(Bucket bucket) {
        CfnElement cfn = (CfnElement) bucket.getNode().getDefaultChild();
        return Stack.of(cfn).resolve(cfn.getLogicalId()).toString();
    }

    public DamFunction runner() {
        return runner;
    }

    public Rule schedule() {
        return schedule;
    }
}
