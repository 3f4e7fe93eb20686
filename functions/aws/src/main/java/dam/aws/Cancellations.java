package dam.aws;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;

/** Reading a cancelled TransactWriteItems: which of its writes failed their condition. */
public final class Cancellations {

    private Cancellations() {
    }

    /** True when write {@code index} of the cancelled transaction failed its condition expression. */
    public static boolean conditionFailed(List<CancellationReason> reasons, int index) {
        return reasons != null && index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }
}
