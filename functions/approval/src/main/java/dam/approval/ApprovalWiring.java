package dam.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.AwsClients;
import dam.aws.BriefWiring;
import dam.aws.DynamoApprovalLinks;
import dam.aws.DynamoAssetRepository;
import dam.aws.DynamoBriefRepository;
import dam.aws.EventBridgePublisher;
import dam.aws.SesMailer;
import dam.aws.SfnTaskCallbacks;
import dam.core.approval.ApprovalLinkService;
import dam.core.approval.ApprovalRequester;
import dam.core.approval.BriefApprovals;
import dam.core.approval.BriefSubjectReader;
import dam.core.approval.SubjectReader;
import dam.core.asset.AssetRepository;
import dam.core.brief.BriefRepository;
import dam.core.review.AssetSubjectReader;
import dam.core.review.PreviewSource;
import dam.core.review.ReviewDecisions;
import dam.core.review.ReviewNudges;
import dam.core.review.ReviewRepository;
import dam.core.review.ReviewService;
import dam.core.review.ReviewSettings;
import dam.core.review.ReviewTimers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * The approval services wired to AWS from the environment, once per process: TABLE_NAME, EVENT_BUS_NAME,
 * PUBLIC_BASE_URL (links in mails), MAIL_FROM (SES sender); for asset reviews also DERIVATIVES_BUCKET (previews,
 * optional) and REVIEW_TIMER_TARGET_ARN, SCHEDULER_ROLE_ARN, SCHEDULE_GROUP (reminder timers; needed only by the
 * function that sends requests). Each handler builds only what it uses; the review parts are built on first use.
 */
final class ApprovalWiring {

    final ObjectMapper json;
    private final AwsClients aws;
    private final Clock clock = dam.aws.FunctionClock.fromEnvironment();
    private final DynamoDbClient db;
    private final String table;
    private final BriefWiring briefs;
    private final DynamoApprovalLinks linkRepo;
    private Reviews reviews;

    ApprovalWiring(AwsClients aws) {
        this.aws = aws;
        this.briefs = new BriefWiring(aws);
        this.json = briefs.json;
        this.db = aws.dynamoDb();
        this.table = aws.require("TABLE_NAME");
        this.linkRepo = new DynamoApprovalLinks(db, table);
    }

    SubjectReader subjects() {
        BriefRepository briefRepo = new DynamoBriefRepository(db, table, json, clock);
        return new TypedSubjects(Map.of(
                BriefSubjectReader.TYPE, () -> new BriefSubjectReader(briefRepo),
                AssetSubjectReader.TYPE, () -> reviews().subjects));
    }

    ApprovalLinkService links() {
        return new ApprovalLinkService(linkRepo, new SfnTaskCallbacks(aws.sfn()), subjects(), clock,
                new SecureRandom(), link -> {
                    if (AssetSubjectReader.TYPE.equals(link.subject().type())) {
                        reviews().service.recordDecision(link);
                    }
                });
    }

    ApprovalRequester requester() {
        return new ApprovalRequester(links(), subjects(), SesMailer.fromEnvironment(aws), clock,
                aws.require("PUBLIC_BASE_URL"));
    }

    BriefApprovals briefApprovals() {
        return new BriefApprovals(briefs.briefs, briefs.comments);
    }

    synchronized Reviews reviews() {
        if (reviews == null) {
            reviews = new Reviews();
        }
        return reviews;
    }

    /** The asset review services on the same table, bus, mailer and clock. */
    final class Reviews {
        final ReviewService service;
        final AssetSubjectReader subjects;
        private final EventBridgePublisher events;
        private final ReviewSettings settings;
        private final ReviewRepository repo;
        private final AssetRepository assets;

        private Reviews() {
            settings = ReviewSettings.defaults(aws.require("PUBLIC_BASE_URL"));
            repo = new DynamoReviewRepository(db, table, json);
            assets = new DynamoAssetRepository(db, table, json, clock);
            BriefRepository briefRepo = new DynamoBriefRepository(db, table, json, clock);
            String bucket = System.getenv("DERIVATIVES_BUCKET");
            PreviewSource previews = bucket == null || bucket.isBlank() ? PreviewSource.NONE
                    : new S3Previews(aws.s3(), bucket);
            subjects = new AssetSubjectReader(assets, repo, briefRepo, previews);
            events = new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json);
            service = new ReviewService(repo, linkRepo, assets, briefRepo, new SfnTaskCallbacks(aws.sfn()), events,
                    SesMailer.fromEnvironment(aws), timers(), settings, clock, () -> UUID.randomUUID().toString());
        }

        /** Timers only where requests are sent; elsewhere scheduling is a wiring fault, reported as such. */
        private ReviewTimers timers() {
            String target = System.getenv("REVIEW_TIMER_TARGET_ARN");
            if (target == null || target.isBlank()) {
                return (name, at, timer) -> {
                    throw new IllegalStateException("REVIEW_TIMER_TARGET_ARN is not set: this function cannot set "
                            + "review timers");
                };
            }
            return new SchedulerReviewTimers(aws.scheduler(), aws.require("SCHEDULE_GROUP"), target,
                    aws.require("SCHEDULER_ROLE_ARN"), json);
        }

        ReviewService service() {
            return service;
        }

        ReviewNudges nudges() {
            return new ReviewNudges(service, linkRepo, new SfnHeartbeats(aws.sfn()), SesMailer.fromEnvironment(aws),
                    settings);
        }

        EventBridgePublisher events() {
            return events;
        }

        ReviewDecisions decisions() {
            return new ReviewDecisions(service, links());
        }
    }
}
