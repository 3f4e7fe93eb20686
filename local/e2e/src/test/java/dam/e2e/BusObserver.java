package dam.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.awaitility.Awaitility.await;

/**
 * Watches a bus the way one would on AWS: a rule with an event pattern whose target is an SQS queue, read with the
 * SDK. Each observer has its own rule and queue, so tests sharing a cloud do not see each other's events.
 */
public final class BusObserver {

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<String> received = new ArrayList<>();

    public BusObserver(TestCloud cloud, String bus, String eventPattern) {
        this(cloud.sqs(), cloud.events(), bus, eventPattern);
    }

    /** With the caller's clients (a cloud in another JVM); the events client is closed here. */
    public BusObserver(SqsClient sqs, EventBridgeClient eventsClient, String bus, String eventPattern) {
        this.sqs = sqs;
        String name = "observer-" + UUID.randomUUID().toString().substring(0, 8);
        this.queueUrl = sqs.createQueue(r -> r.queueName(name)).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        try (EventBridgeClient events = eventsClient) {
            events.putRule(r -> r.name(name).eventBusName(bus).eventPattern(eventPattern));
            events.putTargets(r -> r.rule(name).eventBusName(bus).targets(t -> t.id("queue").arn(queueArn)));
        }
    }

    /** Waits until at least {@code count} events arrived; returns all received so far (event JSON). */
    public List<String> awaitAtLeast(int count, Duration timeout) {
        await().atMost(timeout).until(() -> {
            poll();
            return received.size() >= count;
        });
        return List.copyOf(received);
    }

    /** Reads whatever is in the queue now, without waiting. */
    public List<String> drain() {
        poll();
        return List.copyOf(received);
    }

    private void poll() {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        for (Message m : messages) {
            received.add(m.body());
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
    }
}
