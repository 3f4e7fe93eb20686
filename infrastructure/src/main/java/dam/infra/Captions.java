package dam.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * Video captions (issue 9). The API function serves {@code /assets/{id}/captions…} (under its {@code /assets} routes)
 * and keeps caption files next to the originals; "generate" starts an Amazon Transcribe job named
 * {@value #JOB_PREFIX}… that reads the original and writes WebVTT back to the originals bucket with the API role's
 * permissions. Transcribe announces the end on the <em>default</em> bus ({@code Transcribe Job State Change}); a rule
 * there sends our jobs' final states to the completion function ({@value #HANDLER}, from the API jar), which stores
 * the VTT as the language's track. Locally the same template deploys, but the local cloud has no Transcribe: the API
 * answers 501 (see TranscribeTranscriber) and no completion ever arrives.
 */
public final class Captions extends Construct {

    public static final String HANDLER = "dam.api.TranscriptionHandler::handleRequest";
    public static final String JOB_PREFIX = "dam-cap-";
    static final String CAPTIONS_KEYS = Ingest.ORIGINALS_PREFIX + "*/captions/*";

    private final DamFunction completion;
    private final Rule rule;

    public Captions(Construct scope, String id, Stage stage, LambdaArtifacts artifacts, Data data, Events events,
                    Storage storage, Api api) {
        super(scope, id);
        Stack stack = Stack.of(this);
        Bucket originals = storage.originals();
        DamFunction fn = api.function();
        fn.function().addEnvironment("ORIGINALS_BUCKET", originals.getBucketName());
        String jobs = "arn:" + stack.getPartition() + ":transcribe:" + stack.getRegion() + ":" + stack.getAccount()
                + ":transcription-job/" + JOB_PREFIX + "*";
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("transcribe:StartTranscriptionJob")).resources(List.of(jobs)).build());
        // Replaced and removed tracks delete their old file (GetObject/PutObject on originals/ the Library grants).
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:DeleteObject")).resources(List.of(originals.arnForObjects(CAPTIONS_KEYS)))
                .build());
        Nag.suppress(fn.role(), "AwsSolutions-IAM5",
                "Caption jobs are named per request (" + JOB_PREFIX + "<uuid>) and caption files per asset, version "
                        + "and language under originals/<asset>/<n>/captions/; the wildcards are limited to those.",
                "Resource::arn:<AWS::Partition>:transcribe:<AWS::Region>:<AWS::AccountId>:transcription-job/"
                        + JOB_PREFIX + "*",
                "Resource::<" + logicalId(originals) + ".Arn>/" + CAPTIONS_KEYS);

        completion = new DamFunction(this, "Completion", stage, FunctionSpec.of(HANDLER, artifacts.jar("api"))
                .memoryMb(512).timeout(Duration.seconds(60))
                .env("TABLE_NAME", data.table().getTableName())
                .env("EVENT_BUS_NAME", events.bus().getEventBusName())
                .env("ORIGINALS_BUCKET", originals.getBucketName()));
        data.grantReadWrite(completion);
        events.grantPut(completion);
        completion.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"))
                .resources(List.of(originals.arnForObjects(CAPTIONS_KEYS))).build());
        Nag.suppress(completion.role(), "AwsSolutions-IAM5",
                "Reads Transcribe's WebVTT and keeps caption files under originals/<asset>/<n>/captions/ only.",
                "Resource::<" + logicalId(originals) + ".Arn>/" + CAPTIONS_KEYS);
        rule = Rule.Builder.create(this, "TranscribeDone") // AWS service events arrive on the default bus
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.transcribe"))
                        .detailType(List.of("Transcribe Job State Change"))
                        .detail(Map.of("TranscriptionJobName", List.of(Map.of("prefix", JOB_PREFIX)),
                                "TranscriptionJobStatus", List.of("COMPLETED", "FAILED")))
                        .build())
                .build();
        rule.addTarget(LambdaFunction.Builder.create(completion.target())
                .deadLetterQueue(completion.deadLetterQueue()).retryAttempts(4).maxEventAge(Duration.hours(2))
                .build());
    }

    private static String logicalId(Bucket bucket) {
        CfnElement cfn = (CfnElement) bucket.getNode().getDefaultChild();
        return Stack.of(cfn).resolve(cfn.getLogicalId()).toString();
    }

    public DamFunction completion() {
        return completion;
    }

    public Rule rule() {
        return rule;
    }
}
