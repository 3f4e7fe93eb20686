package dam.expiry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.observe.Telemetry;
import dam.aws.AwsClients;
import dam.aws.DynamoBriefRepository;
import dam.aws.DynamoNotificationLedger;
import dam.aws.SesMailer;
import dam.core.brief.MilestoneReminderService;
import dam.core.brief.MilestoneReminderService.Outcome;
import dam.core.json.Json;
import dam.core.notify.Reminder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * Target of the milestone reminder schedules (EventBridge Scheduler invokes it asynchronously with the schedule's
 * Input, a {@link Reminder} as JSON). Thin: parse, let {@link MilestoneReminderService} decide and send, answer with
 * the outcome. Input that is not a reminder throws: it is our own schedule gone wrong, and after Lambda's retries it
 * lands in the function's DLQ where it is seen, instead of vanishing.
 */
public final class ReminderHandler implements RequestStreamHandler {

    /** Structured JSON logs + EMF metrics per invocation (dam.aws.observe). */
    private final Telemetry telemetry = new Telemetry("expiry-scan");

    private static final System.Logger LOG = System.getLogger(ReminderHandler.class.getName());

    private final MilestoneReminderService reminders;
    private final ObjectMapper json;

    /** Lambda entry: wires the AWS adapters once per process from TABLE_NAME, MAIL_FROM and PUBLIC_BASE_URL. */
    public ReminderHandler() {
        this(fromEnvironment(new AwsClients()), Json.mapper());
    }

    public ReminderHandler(MilestoneReminderService reminders, ObjectMapper json) {
        this.reminders = reminders;
        this.json = json;
    }

    private static MilestoneReminderService fromEnvironment(AwsClients aws) {
        Clock clock = dam.aws.FunctionClock.fromEnvironment();
        String table = aws.require("TABLE_NAME");
        DynamoDbClient db = aws.dynamoDb();
        return new MilestoneReminderService(new DynamoBriefRepository(db, table, Json.mapper(), clock),
                SesMailer.fromEnvironment(aws), new DynamoNotificationLedger(db, table, clock), clock,
                aws.require("PUBLIC_BASE_URL"));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        output.write(json.writeValueAsBytes(telemetry.run(context, event, log -> handle(event))));
    }

    Outcome handle(byte[] raw) {
        Reminder reminder;
        try {
            reminder = json.readValue(raw, Reminder.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("schedule input is not a milestone reminder: " + e.getMessage(), e);
        }
        Outcome outcome = reminders.remind(reminder);
        LOG.log(System.Logger.Level.INFO, "reminder {0} {1}/{2} ({3}): {4}{5}", reminder.kind(), reminder.briefId(),
                reminder.milestoneId(), reminder.dueDate(), outcome.status(),
                outcome.reason() == null ? "" : " - " + outcome.reason());
        return outcome;
    }
}
