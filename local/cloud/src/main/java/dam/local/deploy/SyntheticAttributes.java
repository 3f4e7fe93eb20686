package dam.local.deploy;

import java.util.AbstractMap;
import java.util.Set;

/** Attributes of a resource that is not modelled locally: any GetAtt yields a stable, recognisable ARN. */
final class SyntheticAttributes extends AbstractMap<String, String> {
    private final String logicalId;
    private final DeployContext ctx;

    SyntheticAttributes(String logicalId, DeployContext ctx) {
        this.logicalId = logicalId;
        this.ctx = ctx;
    }

    @Override
    public String get(Object key) {
        return "arn:aws:local:" + ctx.region() + ":" + ctx.account() + ":" + ctx.stackName() + "/" + logicalId
                + "/" + key;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return Set.of();
    }
}
