package dam.api;

import dam.analytics.DynamoAnalyticsStore;
import dam.analytics.DynamoAssetDirectory;
import dam.analytics.DynamoExpiringRights;
import dam.analytics.DynamoUsageLog;
import dam.aws.AwsClients;
import dam.aws.DynamoAssetRepository;
import dam.aws.FunctionClock;
import dam.core.analytics.ClosedPieces;
import dam.core.analytics.Reports;
import dam.core.analytics.memory.InMemoryAnalyticsStore;
import dam.core.analytics.memory.RecordingUsageLog;
import dam.core.json.Json;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Usage recording and reports (issue 10, analytics). On AWS (TABLE_NAME): uses go to the table as {@code USE#} items
 * and reports read the {@code AN#} aggregates the analytics function keeps. In the in-memory test environment the
 * secondary beans stand in unless a test registers its own.
 */
@Factory
final class AnalyticsWiring {

    /** The expiry index (DamStack's GSI1: {@code EXP#<day>#<shard>}). */
    static final String EXPIRY_INDEX = "GSI1";

    @Singleton
    @Requires(notEnv = AwsWiring.FAKES)
    UsageRecorder usageRecorder() {
        AwsClients aws = new AwsClients();
        return new UsageRecorder(new DynamoUsageLog(aws.dynamoDb(), aws.require("TABLE_NAME")),
                FunctionClock.fromEnvironment());
    }

    @Singleton
    @Requires(notEnv = AwsWiring.FAKES)
    Reports reports() {
        AwsClients aws = new AwsClients();
        String table = aws.require("TABLE_NAME");
        Clock clock = FunctionClock.fromEnvironment();
        // One report reads up to a few dozen partitions (days, months, expiry shards): 8 at a time.
        ExecutorService reads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "report-reads");
            t.setDaemon(true);
            return t;
        });
        return new Reports(new DynamoAnalyticsStore(aws.dynamoDb(), table, clock),
                new DynamoAssetDirectory(new DynamoAssetRepository(aws.dynamoDb(), table, Json.mapper(), clock)),
                new DynamoExpiringRights(aws.dynamoDb(), table, EXPIRY_INDEX, reads), clock, reads,
                // closed usage pieces are read once per container (15 min TTL, 512 pieces): see ClosedPieces
                new ClosedPieces(clock));
    }

    @Singleton
    @Secondary
    @Requires(env = AwsWiring.FAKES)
    UsageRecorder inMemoryUsageRecorder() {
        return new UsageRecorder(new RecordingUsageLog(), Clock.systemUTC());
    }

    @Singleton
    @Secondary
    @Requires(env = AwsWiring.FAKES)
    Reports inMemoryReports() {
        return new Reports(new InMemoryAnalyticsStore(), id -> Optional.empty(), (from, to) -> List.of(),
                Clock.systemUTC(), Runnable::run);
    }
}
