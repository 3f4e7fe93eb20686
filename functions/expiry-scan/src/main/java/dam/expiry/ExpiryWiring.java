package dam.expiry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.AwsClients;
import dam.aws.DynamoAssetRepository;
import dam.aws.DynamoBriefRepository;
import dam.aws.DynamoNotificationLedger;
import dam.aws.EventBridgePublisher;
import dam.aws.FunctionClock;
import dam.aws.SesMailer;
import dam.aws.launch.DynamoPlacementStore;
import dam.aws.library.DynamoLibraryStore;
import dam.aws.library.DynamoUsageTermStore;
import dam.core.json.Json;
import dam.core.library.LibraryStore;
import dam.core.lifecycle.ExpiryCheck;
import dam.core.lifecycle.ExpiryPlanner;
import dam.core.lifecycle.ExpiryScheduler;
import dam.core.lifecycle.ExpiryService;
import dam.core.lifecycle.UsageTermStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;

/**
 * The expiry function's adapters from the environment: TABLE_NAME, EVENT_BUS_NAME, MAIL_FROM, PUBLIC_BASE_URL,
 * EXPIRY_TARGET_ARN (the check function's alias: what schedules invoke; unset in that function itself),
 * SCHEDULER_ROLE_ARN, EXPIRY_SCHEDULE_GROUP,
 * EXPIRY_INDEX (the GSI holding the expiry keys).
 */
final class ExpiryWiring {

    final ObjectMapper json = Json.mapper();
    final Clock clock = FunctionClock.fromEnvironment();
    final LibraryStore library;
    final UsageTermStore terms;
    final ExpiryPlanner planner;
    final ExpiryService expiry;
    final ExpirySweep sweep;

    ExpiryWiring(AwsClients aws) {
        String table = aws.require("TABLE_NAME");
        DynamoDbClient db = aws.dynamoDb();
        library = new DynamoLibraryStore(db, table, json);
        terms = new DynamoUsageTermStore(db, table, json);
        planner = new ExpiryPlanner(scheduler(aws), clock);
        expiry = new ExpiryService(new DynamoAssetRepository(db, table, json, clock), library, terms,
                new DynamoPlacementStore(db, table, json), new DynamoExpiryStore(db, table, json),
                new BriefExpiryContacts(new DynamoBriefRepository(db, table, json, clock)),
                SesMailer.fromEnvironment(aws), new DynamoNotificationLedger(db, table, clock),
                new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json), clock,
                aws.require("PUBLIC_BASE_URL"));
        sweep = new ExpirySweep(db, table, aws.require("EXPIRY_INDEX"), planner, expiry, clock);
    }

    /** The check function (what schedules invoke) plans nothing: it has no target of its own to schedule. */
    private ExpiryScheduler scheduler(AwsClients aws) {
        if (aws.optional("EXPIRY_TARGET_ARN") == null) {
            return new ExpiryScheduler() {
                @Override
                public void upsert(String name, Instant at, ExpiryCheck check) {
                    throw new IllegalStateException("this function does not plan expiry schedules "
                            + "(EXPIRY_TARGET_ARN unset): Rights Changed and the sweep go to the planner function");
                }

                @Override
                public void cancel(String name) {
                    upsert(name, null, null);
                }
            };
        }
        return new SchedulerExpiryScheduler(aws.scheduler(), aws.require("EXPIRY_SCHEDULE_GROUP"),
                aws.require("EXPIRY_TARGET_ARN"), aws.require("SCHEDULER_ROLE_ARN"), json);
    }
}
