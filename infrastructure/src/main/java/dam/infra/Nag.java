package dam.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** cdk-nag suppressions, always with a specific reason and, where possible, the exact finding they cover. */
final class Nag {

    private Nag() {
    }

    static void suppress(IConstruct construct, String rule, String reason, String... appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.<Object>of(appliesTo));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }

    /**
     * CDK's own singleton handler behind {@code eventBridgeEnabled} buckets (Custom::S3BucketNotifications). Its role
     * and code are CDK's, not ours; it runs only at deploy time.
     */
    static void suppressCdkInternals(Stack stack) {
        for (IConstruct child : stack.getNode().getChildren()) {
            if (child.getNode().getId().startsWith("BucketNotificationsHandler")) {
                suppress(child, "AwsSolutions-IAM4",
                        "CDK-managed deploy-time handler for S3 EventBridge notifications uses "
                                + "AWSLambdaBasicExecutionRole for its logs.",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
            }
        }
    }
}
