package dam.local.events;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A stand-in for the lead's Lambda / Step Functions dispatcher: records inputs, fails ARNs it is told to. */
public final class RecordingDispatcher implements TargetDispatcher {

    public record Call(String arn, String input) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Set<String> missing = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @Override
    public void deliver(String targetArn, String input) throws Exception {
        attempts.computeIfAbsent(targetArn, k -> new AtomicInteger()).incrementAndGet();
        if (missing.contains(targetArn)) {
            throw new DeliveryException("ResourceNotFoundException", "Function not found: " + targetArn, false);
        }
        if (failing.contains(targetArn)) {
            throw new IllegalStateException("target " + targetArn + " is down");
        }
        calls.add(new Call(targetArn, input));
    }

    public void failAlways(String arn) {
        failing.add(arn);
    }

    public void missing(String arn) {
        missing.add(arn);
    }

    public int attempts(String arn) {
        AtomicInteger n = attempts.get(arn);
        return n == null ? 0 : n.get();
    }

    public List<String> inputs(String arn) {
        return calls.stream().filter(c -> c.arn().equals(arn)).map(Call::input).toList();
    }
}
