package dam.infra;

import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.ses.CloudWatchDimension;
import software.amazon.awscdk.services.ses.CloudWatchDimensionSource;
import software.amazon.awscdk.services.ses.ConfigurationSet;
import software.amazon.awscdk.services.ses.ConfigurationSetEventDestinationOptions;
import software.amazon.awscdk.services.ses.EmailSendingEvent;
import software.amazon.awscdk.services.ses.EventDestination;
import software.constructs.Construct;

/**
 * The SES configuration set {@value #CONFIGURATION_SET} every product mail is sent with: delivery, bounce, complaint,
 * reject and rendering events become CloudWatch metrics (no open/click tracking: approval mails must not be rewritten
 * or pixel-tracked). Functions that send mail get it through {@link #grantSend(DamFunction)}.
 */
public final class Mail extends Construct {

    public static final String CONFIGURATION_SET = "dam";
    static final List<EmailSendingEvent> TRACKED = List.of(EmailSendingEvent.SEND, EmailSendingEvent.DELIVERY,
            EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT,
            EmailSendingEvent.RENDERING_FAILURE, EmailSendingEvent.DELIVERY_DELAY);

    private final ConfigurationSet configurationSet;

    public Mail(Construct scope, String id) {
        super(scope, id);
        configurationSet = ConfigurationSet.Builder.create(this, "ConfigurationSet")
                .configurationSetName(CONFIGURATION_SET)
                .reputationMetrics(true)
                .build();
        configurationSet.addEventDestination("CloudWatch", ConfigurationSetEventDestinationOptions.builder()
                .events(TRACKED)
                // Functions send no message tags, so every event lands under product=dam.
                .destination(EventDestination.cloudWatchDimensions(List.of(CloudWatchDimension.builder()
                        .name("product").source(CloudWatchDimensionSource.MESSAGE_TAG).defaultValue("dam")
                        .build())))
                .build());
    }

    /**
     * Sets {@code SES_CONFIGURATION_SET} on {@code fn} (read by dam.aws.SesMailer) and allows sending with it: SES v2
     * authorizes SendEmail against the configuration set as well as the identity, which the caller grants.
     */
    public void grantSend(DamFunction fn) {
        fn.function().addEnvironment("SES_CONFIGURATION_SET", configurationSet.getConfigurationSetName());
        Stack stack = Stack.of(this);
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("ses:SendEmail", "ses:SendRawEmail"))
                .resources(List.of("arn:" + stack.getPartition() + ":ses:" + stack.getRegion() + ":"
                        + stack.getAccount() + ":configuration-set/" + configurationSet.getConfigurationSetName()))
                .build());
    }

    public ConfigurationSet configurationSet() {
        return configurationSet;
    }
}
