package dam.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.approval.DynamoReviewRepository;
import dam.aws.AwsClients;
import dam.aws.DynamoApprovalLinks;
import dam.aws.DynamoAssetRepository;
import dam.aws.DynamoBriefRepository;
import dam.aws.EventBridgePublisher;
import dam.aws.FunctionClock;
import dam.aws.SfnTaskCallbacks;
import dam.core.approval.ApprovalLinkService;
import dam.core.asset.AssetRepository;
import dam.core.brief.BriefRepository;
import dam.core.json.Json;
import dam.core.notify.Mailer;
import dam.core.review.AssetSubjectReader;
import dam.core.review.PreviewSource;
import dam.core.review.ReviewAudit;
import dam.core.review.ReviewDecisions;
import dam.core.review.ReviewService;
import dam.core.review.ReviewSettings;
import dam.core.review.ReviewTimers;
import dam.core.review.SecuredReviews;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * The review services the API needs, on the table, the bus and Step Functions (TABLE_NAME, EVENT_BUS_NAME,
 * PUBLIC_BASE_URL). Decisions here go through the same {@link ApprovalLinkService} as the mailed link, with the review
 * told of each vote. Nothing the API does mails or schedules (round outcomes and timers belong to the approval
 * functions), so those ports refuse loudly instead of half-working.
 */
final class ReviewWiring {

    final SecuredReviews reviews;

    ReviewWiring(AwsClients aws) {
        String table = aws.require("TABLE_NAME");
        ObjectMapper json = Json.mapper();
        Clock clock = FunctionClock.fromEnvironment();
        var db = aws.dynamoDb();
        DynamoApprovalLinks links = new DynamoApprovalLinks(db, table);
        DynamoReviewRepository repo = new DynamoReviewRepository(db, table, json);
        AssetRepository assets = new DynamoAssetRepository(db, table, json, clock);
        BriefRepository briefs = new DynamoBriefRepository(db, table, json, clock);
        SfnTaskCallbacks callbacks = new SfnTaskCallbacks(aws.sfn());
        Mailer noMail = mail -> {
            throw new IllegalStateException("the API function sends no review mail (" + mail.subject() + ")");
        };
        ReviewTimers noTimers = (name, at, timer) -> {
            throw new IllegalStateException("the API function sets no review timers (" + name + ")");
        };
        ReviewService service = new ReviewService(repo, links, assets, briefs, callbacks,
                new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json), noMail, noTimers,
                ReviewSettings.defaults(aws.require("PUBLIC_BASE_URL")), clock, () -> UUID.randomUUID().toString());
        ApprovalLinkService linkService = new ApprovalLinkService(links, callbacks,
                new AssetSubjectReader(assets, repo, briefs, PreviewSource.NONE), clock, new SecureRandom(),
                service::recordDecision);
        reviews = new SecuredReviews(service, new ReviewDecisions(service, linkService),
                new ReviewAudit(assets, links), assets, briefs);
    }
}
