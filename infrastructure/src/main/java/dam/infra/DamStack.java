package dam.infra;

import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * The whole product in one stack, one construct per capability. Construct ids are part of the logical ids: never
 * rename them (that replaces the resource — for the table and buckets, data loss outside prod).
 */
public final class DamStack extends Stack {

    public static final String STACK_NAME = "Dam";

    private final Storage storage;
    private final Data data;
    private final Events events;
    private final BriefIntake briefIntake;
    private final Api api;
    private final Reminders reminders;
    private final Approvals approvals;
    private final Review review;
    private final Mail mail;
    private final Console console;
    private final Observability observability;

    public DamStack(Construct scope, String id, StackProps props, Stage stage, LambdaArtifacts artifacts) {
        super(scope, id, props);
        Tags.of(this).add("project", "dam");
        Tags.of(this).add("stage", stage.name());

        storage = new Storage(this, "Storage", stage);
        data = new Data(this, "Data", stage);
        events = new Events(this, "Events", stage);
        mail = new Mail(this, "Mail");
        briefIntake = new BriefIntake(this, "BriefIntake", stage, artifacts, data, events);
        api = new Api(this, "Api", stage, artifacts, data, events);
        reminders = new Reminders(this, "Reminders", stage, artifacts, data,
                contextOr("publicBaseUrl", "http://127.0.0.1:8080"), contextOr("mailFrom", "dam@example.com"));
        reminders.grantScheduling(briefIntake.function().function());
        reminders.grantScheduling(api.function().function()); // milestone edits through the API re-plan reminders
        approvals = new Approvals(this, "Approvals", stage, artifacts, data, events,
                contextOr("publicBaseUrl", "http://127.0.0.1:8080"), contextOr("mailFrom", "dam@example.com"));
        Approvals.ROUTES.forEach(route -> api.addRoute(route, approvals.reviewFunction().target(), false));
        mail.grantSend(reminders.function());
        mail.grantSend(approvals.requestFunction());

        Ingest ingest = new Ingest(this, "Ingest", stage, artifacts, data, events, storage).serveUploads(api, storage);
        api.serveBriefDocuments(storage);

        review = new Review(this, "AssetReview", stage, artifacts, data, events, storage, approvals, mail,
                contextOr("publicBaseUrl", "http://127.0.0.1:8080"), contextOr("mailFrom", "dam@example.com"));
        api.serveReviews(storage, review.stateMachineArn()); // compare; console decisions answer review tasks

        new Library(this, "Library", api, ingest, storage); // downloads, rights, presets (issue 8)

        new Search(this, "Search", stage, artifacts, data, api); // stream → bitmap index; GET /search (issue 8)

        new Lifecycle(this, "Lifecycle", stage, artifacts, data, events, mail, api,
                contextOr("publicBaseUrl", "http://127.0.0.1:8080"), contextOr("mailFrom", "dam@example.com"));
        // expiry schedules + sweep, placements' webhooks (issue 9)

        new Launch(this, "Launch", stage, artifacts, data, events, api, review);
        // register placements, T-0 share revocation, always-on re-approval (issue 9)

        new Retention(this, "Retention", stage, artifacts, data, events, storage, api);
        // archiving, legal holds, deletion with tombstones, retention policies (issue 9)

        new Analytics(this, "Analytics", stage, artifacts, data, api);
        // usage → stream → AN# aggregates; GET /reports/{name} (issue 10)

        new Captions(this, "Captions", stage, artifacts, data, events, storage, api);
        // caption tracks of video/audio, Amazon Transcribe jobs and their completion (issue 9)

        new Bulk(this, "Bulk", stage, artifacts, data, events, storage, api,
                Integer.parseInt(contextOr("bulkConcurrency", Integer.toString(Bulk.DEFAULT_CONCURRENCY))));
        // bulk resize/convert jobs: bulk-rendition Distributed Map, result CSV + ZIP (issue 8)

        // Add capabilities above this line: these two cover what exists (synth fails naming anything added later).
        console = new Console(this, "Console", stage, api, storage.accessLogs(), "true".equals(contextOr("waf", "")));
        storage.allowBrowserUploads(console.url()); // browsers PUT originals to S3 directly from the console
        observability = new Observability(this, "Observability", stage, contextOr("alarmEmail", null));

        Nag.suppressCdkInternals(this);
        outputs(Map.of(
                "OriginalsBucketName", storage.originals().getBucketName(),
                "DerivativesBucketName", storage.derivatives().getBucketName(),
                "TableName", data.table().getTableName(),
                "EventBusName", events.bus().getEventBusName(),
                "BriefIntakeFunctionName", briefIntake.function().function().getFunctionName(),
                "ApiUrl", api.url(),
                "UserPoolId", api.userPool().getUserPoolId(),
                "UserPoolClientId", api.client().getUserPoolClientId()));
        outputs(Map.of(
                "ConsoleUrl", console.url(),
                "ConsoleBucketName", console.bucket().getBucketName(),
                "ConsoleDistributionId", console.distribution().getDistributionId(),
                "AlarmTopicArn", observability.topic().getTopicArn()));
    }

    /** Deployment settings from CDK context ({@code -c publicBaseUrl=...}); defaults suit the local cloud. */
    private String contextOr(String key, String fallback) {
        Object value = getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }

    private void outputs(Map<String, String> values) {
        values.forEach((name, value) -> CfnOutput.Builder.create(this, name).value(value).build());
    }

    public Storage storage() {
        return storage;
    }

    public Data data() {
        return data;
    }

    public Events events() {
        return events;
    }

    public BriefIntake briefIntake() {
        return briefIntake;
    }

    public Api api() {
        return api;
    }

    public Reminders reminders() {
        return reminders;
    }

    public Approvals approvals() {
        return approvals;
    }

    public Review review() {
        return review;
    }

    public Mail mail() {
        return mail;
    }

    public Console console() {
        return console;
    }

    public Observability observability() {
        return observability;
    }
}
