package dam.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.brief.BriefIndex;
import dam.core.brief.BriefService;
import dam.core.brief.CommentService;
import dam.core.brief.DisclaimerRules;
import dam.core.brief.DocumentStorage;
import dam.core.event.EventPublisher;
import dam.core.json.Json;
import dam.core.notify.ReminderScheduler;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.UUID;

/**
 * The brief services wired to AWS from the environment: TABLE_NAME, EVENT_BUS_NAME, and optionally
 * REMINDER_TARGET_ARN + SCHEDULER_ROLE_ARN (+ SCHEDULE_GROUP, default "dam-reminders") for milestone reminders, and
 * ORIGINALS_BUCKET for supporting documents (without it, document uploads fail with that name).
 */
public final class BriefWiring {

    public final ObjectMapper json = Json.mapper();
    public final EventPublisher events;
    public final BriefService briefs;
    public final CommentService comments;
    /** Briefs by status (GSI1), for lists. */
    public final BriefIndex index;

    public BriefWiring(AwsClients aws) {
        Clock clock = FunctionClock.fromEnvironment();
        String table = aws.require("TABLE_NAME");
        DynamoDbClient db = aws.dynamoDb();
        DynamoBriefRepository repo = new DynamoBriefRepository(db, table, json, clock);
        this.events = new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json);
        String target = aws.optional("REMINDER_TARGET_ARN");
        ReminderScheduler reminders = target == null ? new UnconfiguredReminderScheduler()
                : new SchedulerReminderScheduler(aws.scheduler(),
                aws.optional("SCHEDULE_GROUP") != null ? aws.optional("SCHEDULE_GROUP") : "dam-reminders", target,
                aws.require("SCHEDULER_ROLE_ARN"), json);
        String documentsBucket = aws.optional("ORIGINALS_BUCKET");
        DocumentStorage documents = documentsBucket == null ? DocumentStorage.unconfigured()
                : new S3DocumentStorage(aws.s3Presigner(), documentsBucket);
        this.briefs = new BriefService(repo, events, reminders, clock, () -> UUID.randomUUID().toString(),
                DisclaimerRules.defaults(), documents);
        this.index = new DynamoBriefIndex(db, table, json);
        this.comments = new CommentService(repo, new DynamoCommentRepository(db, table, json), clock,
                () -> UUID.randomUUID().toString());
    }
}
