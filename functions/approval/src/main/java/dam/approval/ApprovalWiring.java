package dam.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.AwsClients;
import dam.aws.BriefWiring;
import dam.aws.DynamoApprovalLinks;
import dam.aws.DynamoBriefRepository;
import dam.aws.SesMailer;
import dam.aws.SfnTaskCallbacks;
import dam.core.approval.ApprovalLinkService;
import dam.core.approval.ApprovalRequester;
import dam.core.approval.BriefApprovals;
import dam.core.approval.BriefSubjectReader;
import dam.core.approval.SubjectReader;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * The approval services wired to AWS from the environment, once per process: TABLE_NAME, EVENT_BUS_NAME,
 * PUBLIC_BASE_URL (links in mails), MAIL_FROM (SES sender). Each handler builds only what it uses.
 */
final class ApprovalWiring {

    final ObjectMapper json;
    private final AwsClients aws;
    private final Clock clock = dam.aws.FunctionClock.fromEnvironment();
    private final DynamoDbClient db;
    private final String table;
    private final BriefWiring briefs;

    ApprovalWiring(AwsClients aws) {
        this.aws = aws;
        this.briefs = new BriefWiring(aws);
        this.json = briefs.json;
        this.db = aws.dynamoDb();
        this.table = aws.require("TABLE_NAME");
    }

    SubjectReader subjects() {
        return new BriefSubjectReader(new DynamoBriefRepository(db, table, json, clock));
    }

    ApprovalLinkService links() {
        return new ApprovalLinkService(new DynamoApprovalLinks(db, table), new SfnTaskCallbacks(aws.sfn()),
                subjects(), clock, new SecureRandom());
    }

    ApprovalRequester requester() {
        return new ApprovalRequester(links(), subjects(), SesMailer.fromEnvironment(aws), clock,
                aws.require("PUBLIC_BASE_URL"));
    }

    BriefApprovals briefApprovals() {
        return new BriefApprovals(briefs.briefs, briefs.comments);
    }
}
