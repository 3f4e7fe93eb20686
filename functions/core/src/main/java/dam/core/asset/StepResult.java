package dam.core.asset;

import java.util.List;

/**
 * What an ingest step tells the state machine: go on ({@code proceed}) or stop — because the version was rejected
 * ({@code reasons}), or because it is not this execution's to process (a repeated event, {@code skipped}).
 */
public record StepResult(String assetId, int version, boolean proceed, String state, List<Reason> reasons) {

    public StepResult {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    static StepResult of(AssetVersion v, boolean proceed) {
        return new StepResult(v.assetId(), v.number(), proceed, v.state().code(), v.reasons());
    }
}
